package dev.coral.agent.plugin.staticfilter.core;

import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Telemetry;
import java.util.Map;

/**
 * The processor's counters, in the Collector's self-telemetry style (the runtime adds the
 * {@code processor="<id>"} label): spans received, kept by each rule, and dropped. Made once,
 * so the hot path only adds one batch's tally.
 */
public final class FilterCounters {
    public static final String RECEIVED = "otelcol_processor_static_filter_received_spans";
    public static final String KEPT = "otelcol_processor_static_filter_kept_spans";
    public static final String DROPPED = "otelcol_processor_static_filter_dropped_spans";
    /** The label of {@link #KEPT} naming the rule that kept a span. */
    public static final String RULE = "rule";

    private final Counter received;
    private final Counter keptError;
    private final Counter keptLatency;
    private final Counter keptSampled;
    private final Counter dropped;

    public FilterCounters(Telemetry telemetry) {
        received = telemetry.counter(RECEIVED, "Number of spans the static filter examined.");
        keptError = kept(telemetry, "error");
        keptLatency = kept(telemetry, "latency");
        keptSampled = kept(telemetry, "sampled");
        dropped = telemetry.counter(DROPPED, "Number of spans the static filter dropped (no rule kept them).");
    }

    private static Counter kept(Telemetry telemetry, String rule) {
        return telemetry.counter(KEPT, "Number of spans the static filter kept, by the first rule that kept them ("
                + "error: status code ERROR; latency: duration above the threshold; sampled: trace id within the sample rate).",
                Map.of(RULE, rule));
    }

    public void add(Tally tally) {
        received.add(tally.received());
        addIfAny(keptError, tally.count(Verdict.KEPT_ERROR));
        addIfAny(keptLatency, tally.count(Verdict.KEPT_LATENCY));
        addIfAny(keptSampled, tally.count(Verdict.KEPT_SAMPLED));
        addIfAny(dropped, tally.dropped());
    }

    private static void addIfAny(Counter counter, long n) {
        if (n != 0) {
            counter.add(n);
        }
    }
}
