package dev.coral.agent.server.rpc;

import dev.coral.agent.server.transport.ApiTelemetry;
import dev.coral.agent.server.transport.Bodies;
import dev.coral.agent.server.transport.Replies;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

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

    public void handle(Request request, Response response, Callback callback) {
        String fullName = request.getHttpURI().getPath().substring(1);
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            fail(request, response, callback, fullName, 405,
                    Status.UNIMPLEMENTED.withDescription("RPCs are called with POST; got " + request.getMethod()));
            return;
        }
        Optional<RpcMethod> method = dispatcher.method(fullName);
        if (method.isEmpty()) {
            // An unknown procedure is a 404, as a Connect server's router answers; the colony's
            // shell methods exist in its schema and get unimplemented's own status, 501.
            fail(request, response, callback, fullName, UnknownMethods.isShell(fullName) ? 501 : 404,
                    UnknownMethods.status(fullName));
            return;
        }
        Optional<ConnectCodec> codec = ConnectCodec.forContentType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        if (codec.isEmpty()) {
            response.getHeaders().put("Accept-Post", "application/json, application/proto");
            fail(request, response, callback, fullName, 415, Status.INVALID_ARGUMENT.withDescription(
                    "Content-Type must be application/json or application/proto (or application/grpc over HTTP/2)"));
            return;
        }
        String version = request.getHeaders().get("Connect-Protocol-Version");
        if (version != null && !version.trim().equals("1")) {
            fail(request, response, callback, fullName, Status.INVALID_ARGUMENT.withDescription(
                    "Connect-Protocol-Version must be 1, got " + version));
            return;
        }
        String encoding = Optional.ofNullable(request.getHeaders().get(HttpHeader.CONTENT_ENCODING)).orElse("identity");
        if (!encoding.equals("identity") && !encoding.equals("gzip")) {
            response.getHeaders().put("Accept-Encoding", "gzip, identity");
            fail(request, response, callback, fullName, Status.UNIMPLEMENTED.withDescription(
                    "Content-Encoding " + encoding + " is not supported; use gzip or identity"));
            return;
        }
        Deadline deadline;
        try {
            deadline = deadline(request.getHeaders().get("Connect-Timeout-Ms"));
        } catch (StatusException e) {
            fail(request, response, callback, fullName, e.getStatus());
            return;
        }
        Bodies.read(request, Bodies.MAX_BODY).whenComplete((raw, failure) -> {
            if (failure != null) {
                Throwable cause = Bodies.unwrap(failure);
                fail(request, response, callback, fullName, cause instanceof Bodies.TooLarge
                        ? Status.RESOURCE_EXHAUSTED.withDescription(cause.getMessage())
                        : Status.CANCELLED.withDescription("request not received: " + cause.getMessage()));
                return;
            }
            byte[] requestBytes;
            try {
                byte[] body = encoding.equals("gzip") ? GrpcFrames.gunzip(raw, Bodies.MAX_BODY) : raw;
                requestBytes = codec.get().toProto(body, method.get().requestPrototype());
            } catch (StatusException e) {
                fail(request, response, callback, fullName, e.getStatus());
                return;
            }
            CompletableFuture<byte[]> call = dispatcher.call(method.get(), requestBytes, deadline);
            request.addFailureListener(t -> call.cancel(true));
            call.whenComplete((reply, error) -> {
                if (error != null) {
                    fail(request, response, callback, fullName, Status.fromThrowable(error));
                    return;
                }
                byte[] out;
                try {
                    out = codec.get().fromProto(reply, method.get().responsePrototype());
                } catch (Exception e) {
                    fail(request, response, callback, fullName,
                            Status.INTERNAL.withDescription("cannot encode the answer: " + e.getMessage()));
                    return;
                }
                telemetry.rpc("connect", fullName, Status.Code.OK.name());
                Replies.send(request, response, callback, 200, codec.get().mediaType(), out);
            });
        });
    }

    private void fail(Request request, Response response, Callback callback, String fullName, Status status) {
        fail(request, response, callback, fullName, ConnectErrors.httpStatus(status.getCode()), status);
    }

    private void fail(Request request, Response response, Callback callback, String fullName, int httpStatus,
            Status status) {
        telemetry.rpc("connect", fullName, status.getCode().name());
        if (!Replies.canAnswer(response)) {
            callback.failed(status.asRuntimeException());
            return;
        }
        Replies.send(request, response, callback, httpStatus, Replies.JSON, ConnectErrors.body(status));
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
