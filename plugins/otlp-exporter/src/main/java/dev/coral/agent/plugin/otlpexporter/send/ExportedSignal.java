package dev.coral.agent.plugin.otlpexporter.send;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.coral.agent.api.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.List;
import java.util.Optional;

/**
 * What the exporter knows of one OTLP signal: its gRPC service and HTTP path, its item word in
 * counter names, how to count the items of a request and read the upstream's
 * {@code partial_success}. The tag identifies the signal in the sending queue's records.
 *
 * <p>The gRPC service is named here, not taken from opentelemetry-proto's generated stubs: those
 * are loaded by the runtime's class loader and would link against its gRPC, not this plugin's.
 */
public enum ExportedSignal {
    TRACES(1, "traces", "opentelemetry.proto.collector.trace.v1.TraceService", "/v1/traces", "spans"),
    METRICS(2, "metrics", "opentelemetry.proto.collector.metrics.v1.MetricsService", "/v1/metrics", "metric_points"),
    LOGS(3, "logs", "opentelemetry.proto.collector.logs.v1.LogsService", "/v1/logs", "log_records");

    /** What the upstream said it rejected of an accepted request. */
    public record Rejected(long items, String message) {}

    private final byte tag;
    private final String signalName;
    private final String grpcService;
    private final String httpPath;
    private final String items;

    ExportedSignal(int tag, String signalName, String grpcService, String httpPath, String items) {
        this.tag = (byte) tag;
        this.signalName = signalName;
        this.grpcService = grpcService;
        this.httpPath = httpPath;
        this.items = items;
    }

    public static Optional<ExportedSignal> of(Signal<?> signal) {
        for (ExportedSignal s : values()) {
            if (s.signalName.equals(signal.name())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public static Optional<ExportedSignal> ofTag(byte tag) {
        for (ExportedSignal s : values()) {
            if (s.tag == tag) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public byte tag() {
        return tag;
    }

    public String signalName() {
        return signalName;
    }

    /** The fully qualified gRPC method: {@code <service>/Export}. */
    public String grpcMethod() {
        return grpcService + "/Export";
    }

    public String httpPath() {
        return httpPath;
    }

    /** {@code spans}, {@code metric_points}, {@code log_records}: the suffix of the Collector's counter names. */
    public String items() {
        return items;
    }

    /** Spans, metric data points or log records in a request of this signal. */
    public long countItems(Object request) {
        return switch (this) {
            case TRACES -> ((ExportTraceServiceRequest) request).getResourceSpansList().stream()
                    .flatMap(r -> r.getScopeSpansList().stream()).mapToLong(s -> s.getSpansCount()).sum();
            case METRICS -> ((ExportMetricsServiceRequest) request).getResourceMetricsList().stream()
                    .flatMap(r -> r.getScopeMetricsList().stream()).flatMap(s -> s.getMetricsList().stream())
                    .mapToLong(ExportedSignal::points).sum();
            case LOGS -> ((ExportLogsServiceRequest) request).getResourceLogsList().stream()
                    .flatMap(r -> r.getScopeLogsList().stream()).mapToLong(s -> s.getLogRecordsCount()).sum();
        };
    }

    private static long points(Metric m) {
        return switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsCount();
            case SUM -> m.getSum().getDataPointsCount();
            case HISTOGRAM -> m.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> m.getSummary().getDataPointsCount();
            default -> 0;
        };
    }

    /** The {@code partial_success} of an export response, when it rejected items or carried a message. */
    public Optional<Rejected> rejected(byte[] response) throws InvalidProtocolBufferException {
        if (response.length == 0) {
            return Optional.empty();
        }
        return rejected(switch (this) {
            case TRACES -> ExportTraceServiceResponse.parseFrom(response);
            case METRICS -> ExportMetricsServiceResponse.parseFrom(response);
            case LOGS -> ExportLogsServiceResponse.parseFrom(response);
        });
    }

    /** As {@link #rejected(byte[])}, of a response already decoded (from JSON). */
    public Optional<Rejected> rejected(Message response) {
        long n;
        String message;
        switch (response) {
            case ExportTraceServiceResponse r -> {
                n = r.getPartialSuccess().getRejectedSpans();
                message = r.getPartialSuccess().getErrorMessage();
            }
            case ExportMetricsServiceResponse r -> {
                n = r.getPartialSuccess().getRejectedDataPoints();
                message = r.getPartialSuccess().getErrorMessage();
            }
            case ExportLogsServiceResponse r -> {
                n = r.getPartialSuccess().getRejectedLogRecords();
                message = r.getPartialSuccess().getErrorMessage();
            }
            default -> throw new IllegalArgumentException("not an export response: " + response.getClass());
        }
        return n == 0 && message.isEmpty() ? Optional.empty() : Optional.of(new Rejected(n, message));
    }

    /** A request of this signal from its protobuf bytes (to write it as JSON). */
    public Message parseRequest(byte[] request) throws InvalidProtocolBufferException {
        return switch (this) {
            case TRACES -> ExportTraceServiceRequest.parseFrom(request);
            case METRICS -> ExportMetricsServiceRequest.parseFrom(request);
            case LOGS -> ExportLogsServiceRequest.parseFrom(request);
        };
    }

    /** An empty response builder of this signal (to read a JSON answer into). */
    public Message.Builder newResponseBuilder() {
        return switch (this) {
            case TRACES -> ExportTraceServiceResponse.newBuilder();
            case METRICS -> ExportMetricsServiceResponse.newBuilder();
            case LOGS -> ExportLogsServiceResponse.newBuilder();
        };
    }

    static List<ExportedSignal> all() {
        return List.of(values());
    }
}
