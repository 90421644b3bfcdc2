package dev.coral.agent.plugin.staticfilter.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.plugin.staticfilter.config.FilterRules;
import dev.coral.agent.plugin.staticfilter.support.Traces;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

class SpanJudgeTest {
    private final Traces traces = new Traces(5);

    private static Span withDurationNanos(Span span, long nanos) {
        return span.toBuilder().setEndTimeUnixNano(span.getStartTimeUnixNano() + nanos).build();
    }

    @Test
    void latencyMustExceedTheThresholdStrictly() {
        SpanJudge judge = new SpanJudge(new FilterRules(true, 500.0, 0.0));
        Span span = traces.normal();
        assertThat(judge.judge(withDurationNanos(span, 500_000_000L))).isEqualTo(Verdict.DROPPED);
        assertThat(judge.judge(withDurationNanos(span, 500_000_001L))).isEqualTo(Verdict.KEPT_LATENCY);
    }

    @Test
    void fractionalThresholdsCompareExactly() {
        SpanJudge judge = new SpanJudge(new FilterRules(true, 0.0000015, 0.0)); // 1.5 ns
        Span span = traces.normal();
        assertThat(judge.judge(withDurationNanos(span, 1))).isEqualTo(Verdict.DROPPED);
        assertThat(judge.judge(withDurationNanos(span, 2))).isEqualTo(Verdict.KEPT_LATENCY);
    }

    @Test
    void aSpanWithoutTimestampsIsNotSlowAndABackwardsOneNeither() {
        SpanJudge judge = new SpanJudge(new FilterRules(true, 0.0, 0.0));
        Span span = traces.normal();
        assertThat(judge.judge(span.toBuilder().clearStartTimeUnixNano().build())).isEqualTo(Verdict.DROPPED);
        assertThat(judge.judge(span.toBuilder().clearEndTimeUnixNano().build())).isEqualTo(Verdict.DROPPED);
        assertThat(judge.judge(withDurationNanos(span, -5))).isEqualTo(Verdict.DROPPED);
    }

    @Test
    void errorsAreKeptOnlyWhenAsked() {
        Span error = traces.error();
        assertThat(new SpanJudge(new FilterRules(true, 500, 0.0)).judge(error)).isEqualTo(Verdict.KEPT_ERROR);
        assertThat(new SpanJudge(new FilterRules(false, 500, 0.0)).judge(error)).isEqualTo(Verdict.DROPPED);
        assertThat(new SpanJudge(new FilterRules(false, 500, 1.0)).judge(error)).isEqualTo(Verdict.KEPT_SAMPLED);
        Span ok = traces.span(traces.traceId(), 1, Status.StatusCode.STATUS_CODE_OK);
        assertThat(new SpanJudge(new FilterRules(true, 500, 0.0)).judge(ok)).isEqualTo(Verdict.DROPPED);
    }
}
