package dev.coral.agent.plugin.beyla.receive;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * gRPC status codes from what Beyla sends: an integer in {@code rpc.grpc.status_code} (up to
 * semantic conventions 1.37), or the code's name in {@code rpc.response.status_code} (from 1.38:
 * {@code "OK"}, {@code "NOT_FOUND"}, ...).
 */
final class GrpcStatusCodes {
    /** UNKNOWN: what a call whose status could not be read gets, never OK. */
    static final int UNKNOWN = 2;

    /** The names in code order, as grpc-go and the semantic conventions spell them. */
    private static final List<String> NAMES = List.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
            "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
            "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE",
            "DATA_LOSS", "UNAUTHENTICATED");

    private GrpcStatusCodes() {}

    /** The code of a name or a number; {@link #UNKNOWN} for anything else. */
    static int of(String text) {
        if (text == null || text.isEmpty()) {
            return UNKNOWN;
        }
        OptionalLong number = AttributeValues.integer(text);
        if (number.isPresent()) {
            long n = number.getAsLong();
            return n >= 0 && n < NAMES.size() ? (int) n : UNKNOWN;
        }
        String name = text.strip().toUpperCase(Locale.ROOT);
        int i = NAMES.indexOf(name.equals("CANCELED") ? "CANCELLED" : name);
        return i >= 0 ? i : UNKNOWN;
    }
}
