package dev.coral.agent.support.otlp;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.coral.agent.api.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What the receiver needs to know about one OTLP signal: its pipeline signal, its HTTP path
 * and gRPC service, how to parse and validate its requests, and how to answer them.
 *
 * <p>The gRPC service names are spelled out here rather than taken from the generated
 * {@code *ServiceGrpc} stubs in opentelemetry-proto: those classes are loaded by the runtime's
 * class loader and would link against the runtime's gRPC, not this plugin's.
 *
 * @param <Q> the export request
 * @param <A> the export response
 */
final class OtlpSignal<Q extends Message, A extends Message> {
    public static final OtlpSignal<ExportTraceServiceRequest, ExportTraceServiceResponse> TRACES = new OtlpSignal<>(
            Signal.TRACES, "/v1/traces", "opentelemetry.proto.collector.trace.v1.TraceService", "spans",
            ExportTraceServiceRequest.parser(), ExportTraceServiceRequest::newBuilder,
            ExportTraceServiceResponse.getDefaultInstance(),
            (rejected, message) -> ExportTraceServiceResponse.newBuilder()
                    .setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                            .setRejectedSpans(rejected).setErrorMessage(message))
                    .build(),
            new SpanInspector());

    public static final OtlpSignal<ExportMetricsServiceRequest, ExportMetricsServiceResponse> METRICS = new OtlpSignal<>(
            Signal.METRICS, "/v1/metrics", "opentelemetry.proto.collector.metrics.v1.MetricsService", "metric_points",
            ExportMetricsServiceRequest.parser(), ExportMetricsServiceRequest::newBuilder,
            ExportMetricsServiceResponse.getDefaultInstance(),
            (rejected, message) -> ExportMetricsServiceResponse.newBuilder()
                    .setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                            .setRejectedDataPoints(rejected).setErrorMessage(message))
                    .build(),
            new MetricInspector());

    public static final OtlpSignal<ExportLogsServiceRequest, ExportLogsServiceResponse> LOGS = new OtlpSignal<>(
            Signal.LOGS, "/v1/logs", "opentelemetry.proto.collector.logs.v1.LogsService", "log_records",
            ExportLogsServiceRequest.parser(), ExportLogsServiceRequest::newBuilder,
            ExportLogsServiceResponse.getDefaultInstance(),
            (rejected, message) -> ExportLogsServiceResponse.newBuilder()
                    .setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                            .setRejectedLogRecords(rejected).setErrorMessage(message))
                    .build(),
            new LogInspector());

    private static final List<OtlpSignal<?, ?>> ALL = List.of(TRACES, METRICS, LOGS);

    private final Signal<Q> signal;
    private final String httpPath;
    private final String grpcService;
    private final String items;
    private final Parser<Q> parser;
    private final Supplier<Message.Builder> builder;
    private final A success;
    private final BiFunction<Long, String, A> partial;
    private final Inspector<Q> inspector;

    private OtlpSignal(Signal<Q> signal, String httpPath, String grpcService, String items, Parser<Q> parser,
                       Supplier<Message.Builder> builder, A success, BiFunction<Long, String, A> partial,
                       Inspector<Q> inspector) {
        this.signal = signal;
        this.httpPath = httpPath;
        this.grpcService = grpcService;
        this.items = items;
        this.parser = parser;
        this.builder = builder;
        this.success = success;
        this.partial = partial;
        this.inspector = inspector;
    }

    public static List<OtlpSignal<?, ?>> all() {
        return ALL;
    }

    public Signal<Q> signal() {
        return signal;
    }

    /** {@code /v1/traces}, {@code /v1/metrics}, {@code /v1/logs}. */
    public String httpPath() {
        return httpPath;
    }

    /** The fully qualified gRPC service name; its one method is {@code Export}. */
    public String grpcService() {
        return grpcService;
    }

    /** The item word in counter names: spans, metric_points, log_records. */
    public String items() {
        return items;
    }

    public Parser<Q> parser() {
        return parser;
    }

    /** A fresh builder of the request, for decoders that merge into one (JSON). */
    public Message.Builder newRequestBuilder() {
        return builder.get();
    }

    public Q castRequest(Message m) {
        return signal.batchType().cast(m);
    }

    public Inspector<Q> inspector() {
        return inspector;
    }

    /** The default response: the whole response class, for marshallers. */
    public A defaultResponse() {
        return success;
    }

    /** The answer for a request that was kept, with {@code partial_success} set only if items were dropped. */
    public A response(Inspection<?> inspection) {
        return inspection.rejected() == 0 ? success : partial.apply(inspection.rejected(), inspection.problem());
    }

    @Override
    public String toString() {
        return signal.name();
    }
}
