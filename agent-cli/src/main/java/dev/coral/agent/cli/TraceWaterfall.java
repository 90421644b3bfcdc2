package dev.coral.agent.cli;

import dev.coral.agent.server.v1.SpanEvent;
import dev.coral.agent.server.v1.StoredSpan;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One trace drawn as Jaeger draws it, in text: a line per span, indented under its parent,
 * siblings by start time, and a bar placed on the trace's timeline ({@code width} columns from the
 * first start to the last end). A span whose parent is not among the spans (sampled out, not
 * arrived yet, or expired) starts a tree of its own at the root and is marked an orphan.
 */
final class TraceWaterfall {
    static final String ORPHAN = " (orphan)";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    private static final Comparator<StoredSpan> BY_START = Comparator.comparingLong(StoredSpan::getStartTimeUnixNano)
            .thenComparingLong(StoredSpan::getEndTimeUnixNano).thenComparing(StoredSpan::getSpanId);

    /** A span's place in the drawing: its depth, whether its parent is missing, and its bar's columns. */
    record Line(StoredSpan span, int depth, boolean orphan, int barStart, int barLength) {}

    private final List<StoredSpan> spans;
    private final int width;
    private final long traceStart;
    private final long traceEnd;

    TraceWaterfall(List<StoredSpan> spans, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("--width must be at least 1, got " + width);
        }
        this.spans = List.copyOf(spans);
        this.width = width;
        this.traceStart = spans.stream().mapToLong(StoredSpan::getStartTimeUnixNano).min().orElse(0);
        this.traceEnd = spans.stream().mapToLong(s -> Math.max(s.getStartTimeUnixNano(), s.getEndTimeUnixNano()))
                .max().orElse(0);
    }

    /** The spans in drawing order: depth first, each one's children by start time. */
    List<Line> lines() {
        Set<String> ids = new HashSet<>();
        Map<String, List<StoredSpan>> children = new HashMap<>();
        for (StoredSpan s : spans) {
            ids.add(s.getSpanId());
        }
        List<StoredSpan> roots = new ArrayList<>();
        for (StoredSpan s : spans) {
            if (s.getParentSpanId().isEmpty() || !ids.contains(s.getParentSpanId())) {
                roots.add(s);
            } else {
                children.computeIfAbsent(s.getParentSpanId(), k -> new ArrayList<>()).add(s);
            }
        }
        roots.sort(BY_START);
        children.values().forEach(c -> c.sort(BY_START));
        List<Line> out = new ArrayList<>(spans.size());
        Set<StoredSpan> drawn = Collections.newSetFromMap(new IdentityHashMap<>());
        for (StoredSpan root : roots) {
            walk(root, !root.getParentSpanId().isEmpty(), children, drawn, out);
        }
        // Spans in a parent cycle (a malformed trace) reach no root: drawn at the root, as orphans.
        List<StoredSpan> left = new ArrayList<>(spans.stream().filter(s -> !drawn.contains(s)).toList());
        left.sort(BY_START);
        for (StoredSpan s : left) {
            if (!drawn.contains(s)) {
                walk(s, true, children, drawn, out);
            }
        }
        return out;
    }

    /** Depth first without recursion: a trace may be thousands of spans deep. */
    private void walk(StoredSpan root, boolean orphan, Map<String, List<StoredSpan>> children,
            Set<StoredSpan> drawn, List<Line> out) {
        Deque<Line> stack = new ArrayDeque<>();
        stack.push(line(root, 0, orphan));
        while (!stack.isEmpty()) {
            Line l = stack.pop();
            if (!drawn.add(l.span())) {
                continue;
            }
            out.add(l);
            List<StoredSpan> kids = children.getOrDefault(l.span().getSpanId(), List.of());
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.push(line(kids.get(i), l.depth() + 1, false));
            }
        }
    }

    private Line line(StoredSpan s, int depth, boolean orphan) {
        int start = column(s.getStartTimeUnixNano());
        int end = Math.max(start + 1, (int) Math.ceil(position(Math.max(s.getStartTimeUnixNano(),
                s.getEndTimeUnixNano()))));
        start = Math.min(start, width - 1);
        return new Line(s, depth, orphan, start, Math.min(end, width) - start);
    }

    /** The column where this time falls on the timeline. */
    int column(long unixNano) {
        return Math.min(width - 1, (int) Math.floor(position(unixNano)));
    }

    private double position(long unixNano) {
        long total = traceEnd - traceStart;
        // times width first: a time on a column boundary then lands on it exactly
        return total <= 0 ? 0 : (double) (unixNano - traceStart) * width / total;
    }

    /** The header, the spans (and their events, if asked), and a note on orphans. */
    void print(PrintWriter out, String traceId, boolean withEvents) {
        if (spans.isEmpty()) {
            out.println("no spans of trace " + traceId);
            return;
        }
        List<Line> lines = lines();
        long services = spans.stream().map(StoredSpan::getServiceName).distinct().count();
        out.println("trace " + traceId + "  " + spans.size() + (spans.size() == 1 ? " span, " : " spans, ")
                + services + (services == 1 ? " service, " : " services, ") + Durations.of(traceEnd - traceStart)
                + ", started " + TIME.format(Instant.EPOCH.plusNanos(traceStart)));
        Tables t = new Tables("SPAN", "SERVICE", "DURATION", "STATUS", timelineHeader());
        boolean orphans = false;
        for (Line l : lines) {
            StoredSpan s = l.span();
            orphans |= l.orphan();
            t.row("  ".repeat(l.depth()) + s.getName() + (l.orphan() ? ORPHAN : ""), s.getServiceName(),
                    Durations.of(s.getEndTimeUnixNano() - s.getStartTimeUnixNano()), status(s), bar(l));
            if (withEvents) {
                for (SpanEvent e : s.getEventsList()) {
                    String at = " ".repeat(column(e.getTimeUnixNano())) + "◆";
                    String attributes = AttributeText.of(e.getAttributesList());
                    t.row("  ".repeat(l.depth() + 1) + "· " + e.getName(), "",
                            "+" + Durations.of(e.getTimeUnixNano() - s.getStartTimeUnixNano()), "",
                            attributes.isEmpty() ? at : at + "  " + attributes);
                }
            }
        }
        t.print(out);
        if (orphans) {
            out.println(ORPHAN.strip() + ": its parent span is not stored (sampled out, not arrived yet, or expired)");
        }
    }

    private String timelineHeader() {
        String end = Durations.of(traceEnd - traceStart);
        return width <= end.length() + 1 ? "TIMELINE" : "0" + " ".repeat(width - 1 - end.length()) + end;
    }

    private static String status(StoredSpan s) {
        if (!s.getIsError()) {
            return "ok";
        }
        String message = s.getStatusMessage().replace('\n', ' ');
        return message.isEmpty() ? "ERROR" : "ERROR: " + (message.length() > 40 ? message.substring(0, 39) + "…" : message);
    }

    /** Blank up to the span's start, then its length; an error's bar is drawn in a different shade. */
    private String bar(Line l) {
        return " ".repeat(l.barStart()) + (l.span().getIsError() ? "▓" : "█").repeat(l.barLength());
    }
}
