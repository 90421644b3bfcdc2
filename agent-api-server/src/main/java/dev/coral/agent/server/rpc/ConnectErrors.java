package dev.coral.agent.server.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The Connect protocol's error answer: a JSON body {@code {"code": "invalid_argument",
 * "message": "..."}} and the HTTP status the Connect specification assigns to the code.
 */
public final class ConnectErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectErrors() {}

    /** Connect's name of a gRPC code: lower snake case ({@code resource_exhausted}); CANCELLED is "canceled". */
    public static String codeName(Status.Code code) {
        return code == Status.Code.CANCELLED ? "canceled" : code.name().toLowerCase(Locale.ROOT);
    }

    /** The HTTP status for a code, from the Connect protocol's table. */
    public static int httpStatus(Status.Code code) {
        return switch (code) {
            case OK -> 200;
            case CANCELLED -> 499;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
            case DEADLINE_EXCEEDED -> 504;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case PERMISSION_DENIED -> 403;
            case RESOURCE_EXHAUSTED -> 429;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case UNAUTHENTICATED -> 401;
            case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
        };
    }

    /** The JSON error body. */
    public static byte[] body(Status status) {
        ObjectNode node = JSON.createObjectNode();
        node.put("code", codeName(status.getCode()));
        if (status.getDescription() != null) {
            node.put("message", status.getDescription());
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
