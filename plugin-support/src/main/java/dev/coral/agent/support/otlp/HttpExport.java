package dev.coral.agent.support.otlp;

import com.google.protobuf.Message;
import com.google.rpc.Code;
import dev.coral.agent.api.RefusedException;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The work on a complete OTLP/HTTP body, off the event loop: inflate (bounded), reserve what
 * the decoded request will cost the heap, decode, and hand to the intake. Completes with the response to send;
 * the exchange's ticket stays open until the handler has written it.
 */
final class HttpExport {
    private final HttpAnswers answers;
    private final OtlpJson json;
    private final int maxBody;

    HttpExport(HttpAnswers answers, OtlpJson json, int maxBody) {
        this.answers = answers;
        this.json = json;
        this.maxBody = maxBody;
    }

    CompletionStage<FullHttpResponse> run(HttpExchange exchange) {
        return run(exchange, exchange.intake());
    }

    private <Q extends Message> CompletionStage<FullHttpResponse> run(HttpExchange exchange, SignalIntake<Q, ?> intake) {
        BodyCodec codec = exchange.codec();
        byte[] bytes;
        CompositeByteBuf body = exchange.body();
        try {
            if (exchange.gzip()) {
                bytes = BoundedGunzip.inflate(new ByteBufInputStream(body), isize(body), maxBody);
            } else {
                bytes = ByteBufUtil.getBytes(body);
            }
        } catch (BoundedGunzip.TooLargeException e) {
            intake.counters().refusedRequest(ReceiverCounters.RequestRefusal.TOO_LARGE);
            return done(answers.failure(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Code.RESOURCE_EXHAUSTED,
                    e.getMessage() + " (max-request-body-size)", codec));
        } catch (IOException e) {
            return done(answers.answer(intake.refuse(invalid("undecodable gzip body: " + e.getMessage())), codec));
        } finally {
            body.release();
        }
        // From here on the request holds its decoded form until the answer: reserve that instead of the body.
        long cost = codec == BodyCodec.JSON ? HeapCost.ofJson(bytes.length) : HeapCost.ofProtobuf(bytes.length);
        try {
            exchange.ticket().resize(cost);
        } catch (RefusedException overloaded) {
            return done(answers.answer(intake.refuse(overloaded), codec));
        }
        Q request;
        try {
            request = codec.decode(intake.signal(), bytes, json);
        } catch (BodyCodec.UndecodableException e) {
            return done(answers.answer(intake.refuse(invalid(e.getMessage())), codec));
        }
        return intake.accept(request).thenApply(answer -> answers.answer(answer, codec));
    }

    private static RefusedException invalid(String message) {
        return new RefusedException(RefusedException.Reason.INVALID, message);
    }

    /** The gzip trailer's ISIZE: the inflated size modulo 2^32, as the sender claims it. */
    private static long isize(CompositeByteBuf body) {
        int n = body.readableBytes();
        return n < 18 ? 0 : Integer.toUnsignedLong(body.getIntLE(body.readerIndex() + n - 4));
    }

    private static CompletionStage<FullHttpResponse> done(FullHttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
