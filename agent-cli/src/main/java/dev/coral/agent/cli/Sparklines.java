package dev.coral.agent.cli;

import dev.coral.agent.server.v1.SystemMetric;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One metric over time as text: a sparkline per series (one per attribute set, e.g. per CPU or
 * per disk, and per metric type when a metric comes both as a counter and as deltas), all on one
 * time axis, each scaled to its own min..max (a sparkline shows shape; the MIN and MAX columns
 * give the magnitudes). Time is cut into equal columns, never more than there are sample times;
 * a column shows the mean of its samples, blank where there are none (nothing was sampled).
 */
final class Sparklines {
    private static final char[] LEVELS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final int columns;

    Sparklines(int columns) {
        this.columns = columns;
    }

    /** Draws {@code points} (one metric, any order); nothing to draw prints a line saying so. */
    void print(PrintWriter out, String metric, List<SystemMetric> points) {
        if (points.isEmpty()) {
            out.println("no values of " + metric);
            return;
        }
        boolean severalTypes = points.stream().map(SystemMetric::getMetricType).distinct().count() > 1;
        Map<String, List<SystemMetric>> series = new TreeMap<>();
        for (SystemMetric p : points) {
            String key = label(p.getAttributes()) + (severalTypes ? " (" + p.getMetricType() + ")" : "");
            series.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        long first = points.stream().mapToLong(SystemMetric::getTimestamp).min().orElseThrow();
        long last = points.stream().mapToLong(SystemMetric::getTimestamp).max().orElseThrow();
        int width = (int) Math.min(columns, points.stream().mapToLong(SystemMetric::getTimestamp).distinct().count());
        String unit = points.getFirst().getUnit();
        out.printf("%s%s  %s .. %s  (%d values)%n", metric, unit.isEmpty() ? "" : " [" + unit + "]",
                TIME.format(Instant.ofEpochMilli(first)), TIME.format(Instant.ofEpochMilli(last)), points.size());
        Tables table = new Tables("SERIES", "CHART", "MIN", "MAX", "LAST");
        for (Map.Entry<String, List<SystemMetric>> s : series.entrySet()) {
            List<SystemMetric> values = s.getValue();
            values.sort((a, b) -> Long.compare(a.getTimestamp(), b.getTimestamp()));
            double min = values.stream().mapToDouble(SystemMetric::getValue).min().orElse(0);
            double max = values.stream().mapToDouble(SystemMetric::getValue).max().orElse(0);
            table.row(s.getKey(), line(values, width, first, last, min, max), Tables.number(min), Tables.number(max),
                    Tables.number(values.getLast().getValue()));
        }
        table.print(out);
    }

    /** The sparkline of one series, {@code width} columns over [first, last], on the scale [low, high]. */
    static String line(List<SystemMetric> values, int width, long first, long last, double low, double high) {
        double[] sum = new double[width];
        int[] count = new int[width];
        long span = Math.max(1, last - first);
        for (SystemMetric v : values) {
            int column = (int) Math.min(width - 1, (v.getTimestamp() - first) * width / span);
            sum[column] += v.getValue();
            count[column]++;
        }
        StringBuilder line = new StringBuilder(width);
        for (int i = 0; i < width; i++) {
            if (count[i] == 0) {
                line.append(' ');
                continue;
            }
            double mean = sum[i] / count[i];
            // A flat series sits mid-height: neither "nothing" nor "everything".
            int level = high <= low ? LEVELS.length / 2
                    : (int) Math.round((mean - low) / (high - low) * (LEVELS.length - 1));
            line.append(LEVELS[Math.max(0, Math.min(LEVELS.length - 1, level))]);
        }
        return line.toString();
    }

    /** {@code {"cpu":"0","state":"user"}} as {@code cpu=0 state=user}; "-" when there are none. */
    static String label(String attributesJson) {
        String s = attributesJson == null ? "" : attributesJson.strip();
        if (s.isEmpty() || s.equals("{}")) {
            return "-";
        }
        return s.replaceAll("^\\{|\\}$", "").replace("\":\"", "=").replace("\":", "=").replace("\",\"", " ")
                .replace(",\"", " ").replace("\"", "");
    }
}
