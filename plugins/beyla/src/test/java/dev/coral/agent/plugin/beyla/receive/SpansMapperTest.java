package dev.coral.agent.plugin.beyla.receive;

import static dev.coral.agent.plugin.beyla.receive.BeylaExports.T0;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.attr;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.resource;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.span;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.traces;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.ebpf.EbpfSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Beyla's spans to eBPF span rows. */
class SpansMapperTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void aServerSpanAndItsClientChild() {
        List<EbpfSpan> spans = SpansMapper.map(traces(resource("checkout", attr("process.pid", 4242)),
                span(TRACE, "00f067aa0ba902b7", "", "GET /orders/{id}", SpanKind.SPAN_KIND_SERVER, T0 + 123_456_789,
                        T0 + 373_456_789, StatusCode.STATUS_CODE_ERROR, attr("http.request.method", "GET"),
                        attr("http.response.status_code", 500), attr("url.path", "/orders/7")),
                span(TRACE, "b7ad6b7169203331", "00f067aa0ba902b7", "SELECT orders", SpanKind.SPAN_KIND_CLIENT,
                        T0 + 200_000_000, T0 + 200_001_500, StatusCode.STATUS_CODE_UNSET),
                span(TRACE, "c7ad6b7169203331", "00f067aa0ba902b7", "in process", SpanKind.SPAN_KIND_UNSPECIFIED,
                        T0, T0, StatusCode.STATUS_CODE_OK))).batch().spans();

        EbpfSpan server = spans.getFirst();
        assertThat(server.traceId()).isEqualTo(TRACE);
        assertThat(server.spanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(server.parentSpanId()).isEmpty();
        assertThat(server.serviceName()).isEqualTo("checkout");
        assertThat(server.name()).isEqualTo("GET /orders/{id}");
        assertThat(server.kind()).isEqualTo("SERVER");
        assertThat(server.startMillis()).isEqualTo(T0 / 1_000_000 + 123);
        assertThat(server.durationMicros()).isEqualTo(250_000);
        assertThat(server.statusCode()).isEqualTo(2);
        assertThat(server.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("http.request.method", "GET",
                "http.response.status_code", "500", "url.path", "/orders/7"));
        assertThat(server.processPid()).isEqualTo(4242);

        EbpfSpan client = spans.get(1);
        assertThat(client.parentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(client.kind()).isEqualTo("CLIENT");
        assertThat(client.durationMicros()).isEqualTo(1);
        assertThat(client.statusCode()).isZero();
        assertThat(spans.get(2).kind()).as("unspecified is internal").isEqualTo("INTERNAL");
        assertThat(spans.get(2).statusCode()).isEqualTo(1);
    }

    @Test
    void aPidSentAsTextAndNoPidAtAll() {
        EbpfSpan text = SpansMapper.map(traces(resource("a", attr("process.pid", "77")),
                span(TRACE, "00f067aa0ba902b7", "", "x", SpanKind.SPAN_KIND_SERVER, T0, T0 + 1000,
                        StatusCode.STATUS_CODE_UNSET))).batch().spans().getFirst();
        assertThat(text.processPid()).isEqualTo(77);
        EbpfSpan none = SpansMapper.map(traces(resource("a"),
                span(TRACE, "00f067aa0ba902b7", "", "x", SpanKind.SPAN_KIND_SERVER, T0, T0 + 1000,
                        StatusCode.STATUS_CODE_UNSET))).batch().spans().getFirst();
        assertThat(none.processPid()).isZero();
    }
}
