package dev.coral.agent.plugin.otlpexporter.stub;

import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the stub upstream answers one request with: an HTTP status with headers and body, or a gRPC
 * status with an optional RetryInfo; a success may carry a protobuf export response (partial_success).
 */
public record Reply(int httpStatus, Map<String, String> httpHeaders, Status grpcStatus,
                    Optional<Duration> retryInfo, byte[] responseBody) {

    public static Reply ok() {
        return new Reply(200, Map.of(), Status.OK, Optional.empty(), new byte[0]);
    }

    /** Success with this export response (e.g. a partial_success). */
    public static Reply ok(com.google.protobuf.MessageLite response) {
        return new Reply(200, Map.of(), Status.OK, Optional.empty(), response.toByteArray());
    }

    public static Reply http(int status, Map<String, String> headers) {
        return new Reply(status, headers, Status.UNKNOWN, Optional.empty(), new byte[0]);
    }

    public static Reply grpc(Status status, Optional<Duration> retryInfo) {
        return new Reply(500, Map.of(), status, retryInfo, new byte[0]);
    }
}
