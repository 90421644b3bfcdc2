package dev.coral.agent.support.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.support.testing.Requests;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {
    private final OtlpJson json = new OtlpJson();

    /** As the specification's example and the OTel JS exporter write it: hex ids, int enums, numbers. */
    static final String TRACE_JSON = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
              "scopeSpans":[{"scope":{"name":"my.library","version":"1.0.0"},
                "spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
                  "parentSpanId":"eee19b7ec3c1b173","name":"GET /orders","kind":2,
                  "startTimeUnixNano":1544712660000000001,"endTimeUnixNano":"1544712661000000002",
                  "attributes":[{"key":"http.status_code","value":{"intValue":"200"}},
                                {"key":"traceId","value":{"stringValue":"not an id"}}],
                  "links":[{"traceId":"00000000000000000000000000000abc","spanId":"0000000000000def"}],
                  "status":{"code":2,"message":"boom"},
                  "someFutureField":{"x":[1,2,3]}}]}]}]}
            """;

    @Test
    void decodesHexIdsIntegerEnumsAnd64BitNumbers() throws Exception {
        var b = ExportTraceServiceRequest.newBuilder();
        json.merge(TRACE_JSON.getBytes(StandardCharsets.UTF_8), b);
        Span span = b.getResourceSpans(0).getScopeSpans(0).getSpans(0);

        assertThat(span.getTraceId()).isEqualTo(Requests.id("5b8efff798038103d269b633813fc60c"));
        assertThat(span.getSpanId()).isEqualTo(Requests.id("eee19b7ec3c1b174"));
        assertThat(span.getParentSpanId()).isEqualTo(Requests.id("eee19b7ec3c1b173"));
        assertThat(span.getLinks(0).getTraceId()).isEqualTo(Requests.id("00000000000000000000000000000abc"));
        assertThat(span.getLinks(0).getSpanId()).isEqualTo(Requests.id("0000000000000def"));
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(span.getStatus().getCodeValue()).isEqualTo(2);
        // Past 2^53: a double would have lost the last digit.
        assertThat(span.getStartTimeUnixNano()).isEqualTo(1544712660000000001L);
        assertThat(span.getEndTimeUnixNano()).isEqualTo(1544712661000000002L);
        assertThat(span.getAttributes(0).getValue().getIntValue()).isEqualTo(200);
        // An attribute *named* traceId is a value, not an id field: untouched.
        assertThat(span.getAttributes(1).getValue().getStringValue()).isEqualTo("not an id");
    }

    @Test
    void logRecordIdsAreHexToo() throws Exception {
        String body = """
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"1","severityNumber":9,
                  "body":{"stringValue":"hello"},"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}]}
                """;
        var b = ExportLogsServiceRequest.newBuilder();
        json.merge(body.getBytes(StandardCharsets.UTF_8), b);
        var rec = b.getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
        assertThat(rec.getTraceId()).isEqualTo(Requests.id("5b8efff798038103d269b633813fc60c"));
        assertThat(rec.getSeverityNumberValue()).isEqualTo(9);
    }

    @Test
    void roundTripsThroughTheSenderEncoding() throws Exception {
        ExportTraceServiceRequest request = Requests.traces("svc", 3);
        String text = json.printRequest(request);
        assertThat(text).contains("\"traceId\":\"00000000000000000000000000001000\"").contains("\"kind\":2");
        var b = ExportTraceServiceRequest.newBuilder();
        json.merge(text.getBytes(StandardCharsets.UTF_8), b);
        assertThat(b.build()).isEqualTo(request);
    }

    @Test
    void wrongLengthHexIsKeptForValidationToReject() throws Exception {
        var b = ExportTraceServiceRequest.newBuilder();
        json.merge("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"abcd\",\"spanId\":\"\"}]}]}]}"
                .getBytes(StandardCharsets.UTF_8), b);
        assertThat(b.getResourceSpans(0).getScopeSpans(0).getSpans(0).getTraceId().size()).isEqualTo(2);
    }

    @Test
    void refusesNonHexIdsAndMalformedJson() {
        assertThatThrownBy(() -> json.merge("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz!\"}]}]}]}"
                .getBytes(StandardCharsets.UTF_8), ExportTraceServiceRequest.newBuilder()))
                .isInstanceOf(OtlpJson.UndecodableJsonException.class).hasMessageContaining("traceId");
        assertThatThrownBy(() -> json.merge("{\"resourceSpans\":[".getBytes(StandardCharsets.UTF_8),
                ExportTraceServiceRequest.newBuilder())).isInstanceOf(OtlpJson.UndecodableJsonException.class);
        assertThatThrownBy(() -> json.merge("{\"resourceSpans\":{}}".getBytes(StandardCharsets.UTF_8),
                ExportTraceServiceRequest.newBuilder())).isInstanceOf(OtlpJson.UndecodableJsonException.class);
        assertThatThrownBy(() -> json.merge("{}{}".getBytes(StandardCharsets.UTF_8),
                ExportTraceServiceRequest.newBuilder())).isInstanceOf(OtlpJson.UndecodableJsonException.class);
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> json.merge(("{\"resourceSpans\":" + deep + "}").getBytes(StandardCharsets.UTF_8),
                ExportTraceServiceRequest.newBuilder())).isInstanceOf(OtlpJson.UndecodableJsonException.class);
    }

    @Test
    void printsResponsesWithCamelCaseAndStringInt64() {
        var response = ExportTraceServiceResponse.newBuilder().setPartialSuccess(
                ExportTracePartialSuccess.newBuilder().setRejectedSpans(2).setErrorMessage("bad ids")).build();
        assertThat(new String(json.print(response), StandardCharsets.UTF_8))
                .isEqualTo("{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":\"bad ids\"}}");
        assertThat(new String(json.print(ExportTraceServiceResponse.getDefaultInstance()), StandardCharsets.UTF_8))
                .isEqualTo("{}");
    }
}
