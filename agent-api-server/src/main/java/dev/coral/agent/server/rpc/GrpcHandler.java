package dev.coral.agent.server.rpc;

import dev.coral.agent.server.transport.ApiTelemetry;
import dev.coral.agent.server.transport.Bodies;
import dev.coral.agent.server.transport.Replies;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * gRPC over HTTP/2 for unary methods, on Jetty's h2c streams: reads the framed request, calls
 * the method through the {@link RpcDispatcher}, answers with one framed message and trailers
 * ({@code grpc-status}, {@code grpc-message}), or a trailers-only answer on failure.
 *
 * <p>Why not grpc-java's own transport here: it wants the whole port, and the API's port also
 * serves Connect and plain HTTP/1.1. Unary gRPC on top of a real HTTP/2 stack is only framing;
 * the semantics (deadlines, codes) stay grpc-java's, in the dispatcher.
 */
public final class GrpcHandler {
    private static final Pattern TIMEOUT = Pattern.compile("([0-9]{1,8})([HMSmun])");

    private final RpcDispatcher dispatcher;
    private final ApiTelemetry telemetry;

    public GrpcHandler(RpcDispatcher dispatcher, ApiTelemetry telemetry) {
        this.dispatcher = dispatcher;
        this.telemetry = telemetry;
    }

    /** gRPC requests carry {@code application/grpc} or {@code application/grpc+proto}. */
    public static boolean isGrpc(String contentType) {
        if (contentType == null) {
            return false;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.equals("application/grpc") || ct.startsWith("application/grpc+") || ct.startsWith("application/grpc;");
    }

    public void handle(Request request, Response response, Callback callback) {
        if (request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_2) {
            Replies.text(request, response, callback, 505, "gRPC needs HTTP/2; use h2c, or the Connect protocol "
                    + "(Content-Type: application/json or application/proto) over HTTP/1.1");
            return;
        }
        String fullName = request.getHttpURI().getPath().substring(1);
        if (!"POST".equals(request.getMethod())) {
            fail(response, callback, fullName, Status.UNIMPLEMENTED.withDescription("gRPC calls are POST"));
            return;
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE).toLowerCase(Locale.ROOT);
        if (!contentType.equals("application/grpc") && !contentType.startsWith("application/grpc+proto")
                && !contentType.startsWith("application/grpc;")) {
            Replies.text(request, response, callback, 415, "only application/grpc+proto is supported");
            return;
        }
        // Decided before reading the body: a streaming method we do not serve (the colony's
        // Shell) may never half-close, and must get its answer now.
        Optional<RpcMethod> method = dispatcher.method(fullName);
        if (method.isEmpty()) {
            fail(response, callback, fullName, UnknownMethods.status(fullName));
            return;
        }
        String encoding = Optional.ofNullable(request.getHeaders().get("grpc-encoding")).orElse("identity");
        if (!encoding.equals("identity") && !encoding.equals("gzip")) {
            response.getHeaders().put("grpc-accept-encoding", "gzip,identity");
            fail(response, callback, fullName, Status.UNIMPLEMENTED.withDescription(
                    "grpc-encoding " + encoding + " is not supported; use gzip or identity"));
            return;
        }
        Deadline deadline;
        try {
            deadline = deadline(request.getHeaders().get("grpc-timeout"));
        } catch (StatusException e) {
            fail(response, callback, fullName, e.getStatus());
            return;
        }
        Bodies.read(request, Bodies.MAX_BODY + 5).whenComplete((body, failure) -> {
            if (failure != null) {
                Throwable cause = Bodies.unwrap(failure);
                Status status = cause instanceof Bodies.TooLarge
                        ? Status.RESOURCE_EXHAUSTED.withDescription(cause.getMessage())
                        : Status.CANCELLED.withDescription("request not received: " + cause.getMessage());
                fail(response, callback, fullName, status);
                return;
            }
            List<byte[]> messages;
            try {
                messages = GrpcFrames.decode(body, encoding.equals("gzip"), Bodies.MAX_BODY);
            } catch (StatusException e) {
                fail(response, callback, fullName, e.getStatus());
                return;
            }
            if (messages.size() != 1) {
                fail(response, callback, fullName, Status.INTERNAL.withDescription(messages.isEmpty()
                        ? "no request message for unary method" : "too many request messages for unary method"));
                return;
            }
            byte[] requestBytes;
            try {
                // Decoded here to answer garbage with INVALID_ARGUMENT and a reason, as Connect does.
                requestBytes = ConnectCodec.PROTO.toProto(messages.getFirst(), method.get().requestPrototype());
            } catch (StatusException e) {
                fail(response, callback, fullName, e.getStatus());
                return;
            }
            CompletableFuture<byte[]> call = dispatcher.call(method.get(), requestBytes, deadline);
            request.addFailureListener(t -> call.cancel(true));
            call.whenComplete((reply, error) -> {
                if (error != null) {
                    fail(response, callback, fullName, Status.fromThrowable(error));
                } else {
                    succeed(response, callback, fullName, reply);
                }
            });
        });
    }

    private void succeed(Response response, Callback callback, String fullName, byte[] reply) {
        telemetry.rpc("grpc", fullName, Status.Code.OK.name());
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/grpc");
        response.setTrailersSupplier(() -> HttpFields.build().put("grpc-status", "0"));
        response.write(true, GrpcFrames.encode(reply), callback);
    }

    /** A trailers-only answer: the status travels in the one HEADERS frame. */
    private void fail(Response response, Callback callback, String fullName, Status status) {
        telemetry.rpc("grpc", fullName, status.getCode().name());
        if (!Replies.canAnswer(response)) {
            callback.failed(status.asRuntimeException());
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/grpc");
        response.getHeaders().put("grpc-status", Integer.toString(status.getCode().value()));
        if (status.getDescription() != null) {
            response.getHeaders().put("grpc-message", percentEncode(status.getDescription()));
        }
        response.write(true, ByteBuffer.allocate(0), callback);
    }

    /** {@code grpc-timeout}: up to 8 digits and a unit (Hours, Minutes, Seconds, milli, micro, nano). */
    static Deadline deadline(String header) throws StatusException {
        if (header == null) {
            return null;
        }
        Matcher m = TIMEOUT.matcher(header.trim());
        if (!m.matches()) {
            throw Status.INTERNAL.withDescription("invalid grpc-timeout '" + header + "'").asException();
        }
        long value = Long.parseLong(m.group(1));
        TimeUnit unit = switch (m.group(2)) {
            case "H" -> TimeUnit.HOURS;
            case "M" -> TimeUnit.MINUTES;
            case "S" -> TimeUnit.SECONDS;
            case "m" -> TimeUnit.MILLISECONDS;
            case "u" -> TimeUnit.MICROSECONDS;
            default -> TimeUnit.NANOSECONDS;
        };
        return Deadline.after(value, unit);
    }

    /** grpc-message is percent-encoded UTF-8: everything outside printable ASCII, and '%'. */
    static String percentEncode(String message) {
        StringBuilder sb = new StringBuilder(message.length());
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
