package dev.coral.agent.server.rpc;

import com.google.protobuf.Message;
import dev.coral.agent.server.transport.ApiTelemetry;
import dev.coral.agent.server.transport.Bodies;
import dev.coral.agent.server.transport.Exchange;
import dev.coral.agent.server.transport.Replies;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusException;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The Connect protocol's unary calls ({@code POST /<package>.<Service>/<Method>}, body in
 * {@code application/json} or {@code application/proto}) over HTTP/1.1 or HTTP/2, so that
 * {@code curl -H 'Content-Type: application/json' -d '{}'} works. Errors are Connect's JSON
 * with the matching HTTP status. Streaming Connect calls are not served (no method streams).
 */
public final class ConnectHandler {
    /** {@code /package.Service/Method}: what a Connect (or gRPC) path looks like. */
    public static final Pattern RPC_PATH = Pattern.compile("/[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+/[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TIMEOUT_MS = Pattern.compile("[0-9]{1,10}");

    private final RpcDispatcher dispatcher;
    private final ApiTelemetry telemetry;

    public ConnectHandler(RpcDispatcher dispatcher, ApiTelemetry telemetry) {
        this.dispatcher = dispatcher;
        this.telemetry = telemetry;
    }

    public void handle(Exchange exchange) {
        String fullName = exchange.rawPath().substring(1);
        if (!"POST".equals(exchange.method())) {
            exchange.answerHeaders().set(HttpHeaderNames.ALLOW, "POST");
            fail(exchange, fullName, 405,
                    Status.UNIMPLEMENTED.withDescription("RPCs are called with POST; got " + exchange.method()));
            return;
        }
        Optional<RpcMethod> method = dispatcher.method(fullName);
        if (method.isEmpty()) {
            // An unknown procedure is a 404, as a Connect server's router answers; the colony's
            // shell methods exist in its schema and get unimplemented's own status, 501.
            fail(exchange, fullName, UnknownMethods.isShell(fullName) ? 501 : 404,
                    UnknownMethods.status(fullName));
            return;
        }
        Optional<ConnectCodec> codec = ConnectCodec.forContentType(exchange.header(HttpHeaderNames.CONTENT_TYPE));
        if (codec.isEmpty()) {
            exchange.answerHeaders().set("Accept-Post", "application/json, application/proto");
            fail(exchange, fullName, 415, Status.INVALID_ARGUMENT.withDescription(
                    "Content-Type must be application/json or application/proto (or application/grpc over HTTP/2)"));
            return;
        }
        String version = exchange.header("Connect-Protocol-Version");
        if (version != null && !version.trim().equals("1")) {
            fail(exchange, fullName, Status.INVALID_ARGUMENT.withDescription(
                    "Connect-Protocol-Version must be 1, got " + version));
            return;
        }
        String encoding = Optional.ofNullable(exchange.header(HttpHeaderNames.CONTENT_ENCODING)).orElse("identity");
        if (!encoding.equals("identity") && !encoding.equals("gzip")) {
            exchange.answerHeaders().set("Accept-Encoding", "gzip, identity");
            fail(exchange, fullName, Status.UNIMPLEMENTED.withDescription(
                    "Content-Encoding " + encoding + " is not supported; use gzip or identity"));
            return;
        }
        Deadline deadline;
        try {
            deadline = deadline(exchange.header("Connect-Timeout-Ms"));
        } catch (StatusException e) {
            fail(exchange, fullName, e.getStatus());
            return;
        }
        exchange.body(Bodies.MAX_BODY).whenComplete((raw, failure) -> {
            if (failure != null) {
                Throwable cause = Bodies.unwrap(failure);
                fail(exchange, fullName, cause instanceof Bodies.TooLarge
                        ? Status.RESOURCE_EXHAUSTED.withDescription(cause.getMessage())
                        : Status.CANCELLED.withDescription("request not received: " + cause.getMessage()));
                return;
            }
            Message request;
            try {
                byte[] body = encoding.equals("gzip") ? GrpcFrames.gunzip(raw, Bodies.MAX_BODY) : raw;
                request = codec.get().read(body, method.get().requestPrototype());
            } catch (StatusException e) {
                fail(exchange, fullName, e.getStatus());
                return;
            }
            CompletableFuture<Message> call = dispatcher.call(method.get(), request, deadline);
            exchange.onClientGone(() -> call.cancel(true));
            call.whenComplete((reply, error) -> {
                if (error != null) {
                    fail(exchange, fullName, Status.fromThrowable(error));
                    return;
                }
                byte[] out;
                try {
                    out = codec.get().write(reply);
                } catch (Exception e) {
                    fail(exchange, fullName,
                            Status.INTERNAL.withDescription("cannot encode the answer: " + e.getMessage()));
                    return;
                }
                telemetry.rpc("connect", fullName, Status.Code.OK.name());
                Replies.send(exchange, 200, codec.get().mediaType(), out);
            });
        });
    }

    private void fail(Exchange exchange, String fullName, Status status) {
        fail(exchange, fullName, ConnectErrors.httpStatus(status.getCode()), status);
    }

    private void fail(Exchange exchange, String fullName, int httpStatus, Status status) {
        telemetry.rpc("connect", fullName, status.getCode().name());
        if (!exchange.canAnswer()) {
            exchange.abort();
            return;
        }
        Replies.send(exchange, httpStatus, Replies.JSON, ConnectErrors.body(status));
    }

    /** {@code Connect-Timeout-Ms}: at most 10 digits of milliseconds. */
    static Deadline deadline(String header) throws StatusException {
        if (header == null) {
            return null;
        }
        if (!TIMEOUT_MS.matcher(header.trim()).matches()) {
            throw Status.INVALID_ARGUMENT.withDescription("invalid Connect-Timeout-Ms '" + header + "'").asException();
        }
        return Deadline.after(Long.parseLong(header.trim()), TimeUnit.MILLISECONDS);
    }
}
