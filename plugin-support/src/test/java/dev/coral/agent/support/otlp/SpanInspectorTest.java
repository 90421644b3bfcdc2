package dev.coral.agent.support.otlp;

import static dev.coral.agent.support.testing.Requests.id;
import static dev.coral.agent.support.testing.Requests.span;
import static dev.coral.agent.support.testing.Requests.traces;
import static dev.coral.agent.support.testing.Requests.validSpan;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

class SpanInspectorTest {
    private final SpanInspector inspector = new SpanInspector();

    @Test
    void validRequestPassesUnchanged() {
        ExportTraceServiceRequest r = traces("svc", 5);
        Inspection<ExportTraceServiceRequest> i = inspector.inspect(r);
        assertThat(i.kept()).isSameAs(r);
        assertThat(i.accepted()).isEqualTo(5);
        assertThat(i.rejected()).isZero();
    }

    @Test
    void dropsSpansWithBadIdsAndKeepsTheRest() {
        Span shortTrace = span("short", id("0102"), id("0000000000000001"));
        Span zeroTrace = span("zero", ByteString.copyFrom(new byte[16]), id("0000000000000001"));
        Span longSpan = span("long", id("000000000000000000000000000000aa"), id("000000000000000001"));
        Span badParent = validSpan("parent", 9).toBuilder().setParentSpanId(id("01")).build();
        ExportTraceServiceRequest r = traces("svc", validSpan("a", 1), shortTrace, zeroTrace, longSpan, badParent,
                validSpan("b", 2));

        Inspection<ExportTraceServiceRequest> i = inspector.inspect(r);
        assertThat(i.accepted()).isEqualTo(2);
        assertThat(i.rejected()).isEqualTo(4);
        assertThat(i.problem()).contains("rejected 4 of 6 spans").contains("trace_id is 2 bytes, expected 16")
                .contains("\"short\"");
        assertThat(i.kept().getResourceSpans(0).getScopeSpans(0).getSpansList())
                .extracting(Span::getName).containsExactly("a", "b");
        assertThat(i.kept().getResourceSpans(0).getResource()).isEqualTo(r.getResourceSpans(0).getResource());
    }

    @Test
    void allInvalidLeavesNothing() {
        Inspection<ExportTraceServiceRequest> i = inspector.inspect(traces("svc", span("x", id("01"), id("02"))));
        assertThat(i.accepted()).isZero();
        assertThat(i.rejected()).isEqualTo(1);
        assertThat(i.kept().getResourceSpansCount()).isZero();
    }
}
