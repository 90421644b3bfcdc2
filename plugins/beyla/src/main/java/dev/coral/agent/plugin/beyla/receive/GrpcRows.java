package dev.coral.agent.plugin.beyla.receive;

import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.LatencyHistogram;
import java.util.Map;

/**
 * gRPC server rows from Beyla's attributes. Beyla puts the call's whole path in {@code rpc.method}
 * ({@code /shop.Cart/Get}); the semantic conventions split it into {@code rpc.service} and
 * {@code rpc.method}, or (from 1.38) write {@code shop.Cart/Get}: all become {@code /shop.Cart/Get}.
 * The status is {@code rpc.grpc.status_code} (a number) or {@code rpc.response.status_code} (a name).
 */
final class GrpcRows {
    private GrpcRows() {}

    /** @param attributes the point's attributes, a copy this takes the mapped keys out of */
    static GrpcRed of(String service, long timestampMillis, LatencyHistogram latency, long count,
            Map<String, String> attributes) {
        String method = fullMethod(AttributeValues.take(attributes, "rpc.service"),
                AttributeValues.take(attributes, "rpc.method"));
        int status = GrpcStatusCodes.of(
                AttributeValues.take(attributes, "rpc.grpc.status_code", "rpc.response.status_code"));
        return new GrpcRed(timestampMillis, service, method, status, latency, count, attributes);
    }

    static String fullMethod(String rpcService, String rpcMethod) {
        if (rpcMethod.startsWith("/")) {
            return rpcMethod;
        }
        if (!rpcService.isEmpty()) {
            return "/" + rpcService + "/" + rpcMethod;
        }
        return rpcMethod.contains("/") ? "/" + rpcMethod : rpcMethod;
    }
}
