package dev.coral.agent.runtime.telemetry;

import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Histogram;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * The agent's own counters, gauges and histograms, rendered in the Prometheus text format. Instruments
 * are identified by name and labels; asking again returns the same one.
 */
public final class MetricRegistry {
    private final Map<String, Family> families = new ConcurrentHashMap<>();

    /** The counter {@code name} with these labels, created on first use. */
    public Counter counter(String name, String help, Map<String, String> labels) {
        Family family = family(name, help, "counter");
        return (Counter) family.series.computeIfAbsent(new TreeMap<>(labels), l -> Counter.inMemory());
    }

    /** The histogram {@code name} with these labels and bucket bounds, created on first use. */
    public Histogram histogram(String name, String help, Map<String, String> labels, List<Double> bounds) {
        Family family = family(name, help, "histogram");
        return (Histogram) family.series.computeIfAbsent(new TreeMap<>(labels), l -> new BucketHistogram(bounds));
    }

    /** Registers (or replaces) a gauge read at scrape time. */
    public void gauge(String name, String help, Map<String, String> labels, DoubleSupplier value) {
        family(name, help, "gauge").series.put(new TreeMap<>(labels), value);
    }

    /** The current value of a counter, 0 if it does not exist: handy for /status and tests. */
    public long counterValue(String name, Map<String, String> labels) {
        Family family = families.get(name);
        Object series = family == null ? null : family.series.get(new TreeMap<>(labels));
        return series instanceof Counter c ? c.value() : 0;
    }

    /** Sum of a counter over all its label sets. */
    public long counterTotal(String name) {
        Family family = families.get(name);
        if (family == null) {
            return 0;
        }
        long sum = 0;
        for (Object s : family.series.values()) {
            if (s instanceof Counter c) {
                sum += c.value();
            }
        }
        return sum;
    }

    /** Every counter's sum over its label sets, by name (sorted): the key counters of /status. */
    public Map<String, Long> counterTotals() {
        Map<String, Long> out = new TreeMap<>();
        families.forEach((name, family) -> {
            if (family.type.equals("counter")) {
                out.put(name, counterTotal(name));
            }
        });
        return out;
    }

    /** The current value of every gauge series, by name and labels: queue depths for /status. */
    public Map<String, Map<Map<String, String>, Double>> gaugeValues() {
        Map<String, Map<Map<String, String>, Double>> out = new TreeMap<>();
        families.forEach((name, family) -> {
            if (family.type.equals("gauge")) {
                Map<Map<String, String>, Double> series = new java.util.LinkedHashMap<>();
                family.series.forEach((labels, s) -> series.put(labels, read((DoubleSupplier) s)));
                out.put(name, series);
            }
        });
        return out;
    }

    /** A gauge's value; a supplier that throws (a component's bug) reads as NaN instead of failing the caller. */
    private static double read(DoubleSupplier gauge) {
        try {
            return gauge.getAsDouble();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Prometheus text exposition format 0.0.4. Counters get the conventional _total suffix. */
    public String scrape() {
        StringBuilder out = new StringBuilder(4096);
        new TreeMap<>(families).forEach((name, family) -> {
            String exposed = family.type.equals("counter") ? name + "_total" : name;
            out.append("# HELP ").append(exposed).append(' ').append(escapeHelp(family.help)).append('\n');
            out.append("# TYPE ").append(exposed).append(' ').append(family.type).append('\n');
            family.series.forEach((labels, series) -> {
                if (series instanceof BucketHistogram h) {
                    appendHistogram(out, name, labels, h);
                    return;
                }
                out.append(exposed);
                appendLabels(out, labels);
                out.append(' ');
                if (series instanceof Counter c) {
                    out.append(c.value());
                } else {
                    out.append(formatDouble(read((DoubleSupplier) series)));
                }
                out.append('\n');
            });
        });
        return out.toString();
    }

    /** A histogram's {@code _bucket} lines (cumulative, with {@code le}), then {@code _sum} and {@code _count}. */
    private static void appendHistogram(StringBuilder out, String name, Map<String, String> labels, BucketHistogram h) {
        double[] bounds = h.bounds();
        long[] cumulative = h.cumulative();
        for (int i = 0; i < cumulative.length; i++) {
            Map<String, String> withLe = new TreeMap<>(labels);
            withLe.put("le", i < bounds.length ? formatDouble(bounds[i]) : "+Inf");
            out.append(name).append("_bucket");
            appendLabels(out, withLe);
            out.append(' ').append(cumulative[i]).append('\n');
        }
        out.append(name).append("_sum");
        appendLabels(out, labels);
        out.append(' ').append(formatDouble(h.sum())).append('\n');
        out.append(name).append("_count");
        appendLabels(out, labels);
        out.append(' ').append(cumulative[cumulative.length - 1]).append('\n');
    }

    private Family family(String name, String help, String type) {
        Family family = families.computeIfAbsent(name, n -> new Family(help, type));
        if (!family.type.equals(type)) {
            throw new IllegalArgumentException("metric " + name + " is already a " + family.type);
        }
        return family;
    }

    private static void appendLabels(StringBuilder out, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return;
        }
        out.append('{');
        boolean first = true;
        for (var e : labels.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(e.getKey()).append("=\"").append(escapeLabel(e.getValue())).append('"');
        }
        out.append('}');
    }

    private static String escapeLabel(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String formatDouble(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private record Family(String help, String type, Map<Map<String, String>, Object> series) {
        Family(String help, String type) {
            this(help, type, new ConcurrentHashMap<>());
        }
    }
}
