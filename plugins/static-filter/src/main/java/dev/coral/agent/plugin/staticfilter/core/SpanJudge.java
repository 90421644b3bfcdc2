package dev.coral.agent.plugin.staticfilter.core;

import dev.coral.agent.plugin.staticfilter.config.FilterRules;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/** One set of {@link FilterRules}, prepared for the hot path: decides each span's {@link Verdict}. */
public final class SpanJudge {
    private final boolean keepErrors;
    private final long latencyThresholdNanos;
    private final SamplingThreshold sampling;

    public SpanJudge(FilterRules rules) {
        this.keepErrors = rules.alwaysCaptureErrors();
        // For a whole-nanosecond duration d: d > x exactly when d > floor(x). The cast saturates
        // at Long.MAX_VALUE, so a huge threshold means "never".
        this.latencyThresholdNanos = (long) Math.floor(rules.highLatencyThresholdMs() * 1_000_000d);
        this.sampling = SamplingThreshold.forRate(rules.sampleRate());
    }

    public Verdict judge(Span span) {
        if (keepErrors && span.getStatus().getCodeValue() == Status.StatusCode.STATUS_CODE_ERROR_VALUE) {
            return Verdict.KEPT_ERROR;
        }
        if (exceedsLatencyThreshold(span)) {
            return Verdict.KEPT_LATENCY;
        }
        return sampling.keeps(TraceRandomness.of(span)) ? Verdict.KEPT_SAMPLED : Verdict.DROPPED;
    }

    private boolean exceedsLatencyThreshold(Span span) {
        long start = span.getStartTimeUnixNano();
        long end = span.getEndTimeUnixNano();
        // A span missing a timestamp has no duration: it must not pass as "slow".
        return start != 0 && end != 0 && end - start > latencyThresholdNanos;
    }
}
