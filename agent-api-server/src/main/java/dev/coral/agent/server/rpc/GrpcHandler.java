package dev.coral.agent.server.rpc;

import com.google.protobuf.Message;
import dev.coral.agent.server.transport.ApiTelemetry;
import dev.coral.agent.server.transport.Bodies;
import dev.coral.agent.server.transport.Exchange;
import dev.coral.agent.server.transport.Replies;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gRPC over HTTP/2 for unary methods, on the API port's h2c streams: reads the framed request, calls
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

    public void handle(Exchange exchange) {
        if (!exchange.http2()) {
            Replies.text(exchange, 505, "gRPC needs HTTP/2; use h2c, or the Connect protocol "
                    + "(Content-Type: application/json or application/proto) over HTTP/1.1");
            return;
        }
        String fullName = exchange.rawPath().substring(1);
        if (!"POST".equals(exchange.method())) {
            fail(exchange, fullName, Status.UNIMPLEMENTED.withDescription("gRPC calls are POST"));
            return;
        }
        String contentType = exchange.header(HttpHeaderNames.CONTENT_TYPE).toLowerCase(Locale.ROOT);
        if (!contentType.equals("application/grpc") && !contentType.startsWith("application/grpc+proto")
                && !contentType.startsWith("application/grpc;")) {
            Replies.text(exchange, 415, "only application/grpc+proto is supported");
            return;
        }
        // Decided before reading the body: a streaming method we do not serve (the colony's
        // Shell) may never half-close, and must get its answer now.
        Optional<RpcMethod> method = dispatcher.method(fullName);
        if (method.isEmpty()) {
            fail(exchange, fullName, UnknownMethods.status(fullName));
            return;
        }
        String encoding = Optional.ofNullable(exchange.header("grpc-encoding")).orElse("identity");
        if (!encoding.equals("identity") && !encoding.equals("gzip")) {
            exchange.answerHeaders().set("grpc-accept-encoding", "gzip,identity");
            fail(exchange, fullName, Status.UNIMPLEMENTED.withDescription(
                    "grpc-encoding " + encoding + " is not supported; use gzip or identity"));
            return;
        }
        Deadline deadline;
        try {
            deadline = deadline(exchange.header("grpc-timeout"));
        } catch (StatusException e) {
            fail(exchange, fullName, e.getStatus());
            return;
        }
        exchange.body(Bodies.MAX_BODY + 5).whenComplete((body, failure) -> {
            if (failure != null) {
                Throwable cause = Bodies.unwrap(failure);
                Status status = cause instanceof Bodies.TooLarge
                        ? Status.RESOURCE_EXHAUSTED.withDescription(cause.getMessage())
                        : Status.CANCELLED.withDescription("request not received: " + cause.getMessage());
                fail(exchange, fullName, status);
                return;
            }
            List<byte[]> messages;
            try {
                messages = GrpcFrames.decode(body, encoding.equals("gzip"), Bodies.MAX_BODY);
            } catch (StatusException e) {
                fail(exchange, fullName, e.getStatus());
                return;
            }
            if (messages.size() != 1) {
                fail(exchange, fullName, Status.INTERNAL.withDescription(messages.isEmpty()
                        ? "no request message for unary method" : "too many request messages for unary method"));
                return;
            }
            Message request;
            try {
                // Parsed once, here, to answer garbage with INVALID_ARGUMENT and a reason, as
                // Connect does; the message object itself goes to the service.
                request = ConnectCodec.PROTO.read(messages.getFirst(), method.get().requestPrototype());
            } catch (StatusException e) {
                fail(exchange, fullName, e.getStatus());
                return;
            }
            CompletableFuture<Message> call = dispatcher.call(method.get(), request, deadline);
            exchange.onClientGone(() -> call.cancel(true));
            call.whenComplete((reply, error) -> {
                if (error != null) {
                    fail(exchange, fullName, Status.fromThrowable(error));
                } else {
                    succeed(exchange, fullName, reply.toByteArray());
                }
            });
        });
    }

    private void succeed(Exchange exchange, String fullName, byte[] reply) {
        telemetry.rpc("grpc", fullName, Status.Code.OK.name());
        exchange.answerHeaders().set(HttpHeaderNames.CONTENT_TYPE, "application/grpc");
        HttpHeaders trailers = new DefaultHttpHeaders().set("grpc-status", "0");
        exchange.sendWithTrailers(200, GrpcFrames.encode(reply), trailers);
    }

    /** A trailers-only answer: the status travels in the one HEADERS frame. */
    private void fail(Exchange exchange, String fullName, Status status) {
        telemetry.rpc("grpc", fullName, status.getCode().name());
        if (!exchange.canAnswer()) {
            exchange.abort();
            return;
        }
        HttpHeaders headers = exchange.answerHeaders();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/grpc");
        headers.set("grpc-status", Integer.toString(status.getCode().value()));
        if (status.getDescription() != null) {
            headers.set("grpc-message", percentEncode(status.getDescription()));
        }
        exchange.sendWithTrailers(200, new byte[0], null);
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
