package dev.coral.agent.support.otlp;

import com.google.protobuf.Message;
import com.google.rpc.Code;
import dev.coral.agent.api.RefusedException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Builds OTLP/HTTP responses: 200 with the export response, or a 4xx/5xx whose body is a
 * {@code google.rpc.Status} in the request's encoding, with {@code Retry-After} on 429 and 503.
 */
final class HttpAnswers {
    private final RpcStatuses statuses;
    private final OtlpJson json;

    HttpAnswers(RpcStatuses statuses, OtlpJson json) {
        this.statuses = statuses;
        this.json = json;
    }

    FullHttpResponse answer(Answer answer, BodyCodec codec) {
        return switch (answer) {
            case Answer.Accepted a -> body(HttpResponseStatus.OK, a.response(), codec);
            case Answer.Refused r -> refused(r.reason(), codec);
        };
    }

    FullHttpResponse refused(RefusedException reason, BodyCodec codec) {
        HttpResponseStatus status = switch (reason.reason()) {
            case OVERLOADED -> HttpResponseStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case INVALID -> HttpResponseStatus.BAD_REQUEST;
            case FAILED -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
        FullHttpResponse r = body(status, statuses.status(reason), codec);
        if (reason.reason().retryable()) {
            // Retry-After takes whole seconds; round up so the client never comes back early.
            long millis = statuses.retryAfter(reason).toMillis();
            r.headers().set(HttpHeaderNames.RETRY_AFTER, Math.max(1, (millis + 999) / 1000));
        }
        return r;
    }

    /** A failure found by the HTTP layer itself (routing, media type, size). */
    FullHttpResponse failure(HttpResponseStatus status, Code code, String message, BodyCodec codec) {
        return body(status, RpcStatuses.status(code, message), codec);
    }

    private FullHttpResponse body(HttpResponseStatus status, Message message, BodyCodec codec) {
        byte[] bytes = codec.encode(message, json);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, codec.contentType());
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }
}
