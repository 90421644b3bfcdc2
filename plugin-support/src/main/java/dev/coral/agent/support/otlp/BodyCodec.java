package dev.coral.agent.support.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.Locale;

/**
 * The two OTLP/HTTP encodings, chosen by the request's Content-Type; the response uses the
 * request's encoding, as the specification requires.
 */
enum BodyCodec {
    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    private final String contentType;

    BodyCodec(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    /** The codec for a Content-Type header (parameters such as charset ignored), or null. */
    static BodyCodec forContentType(String header) {
        if (header == null) {
            return null;
        }
        int semi = header.indexOf(';');
        String type = (semi < 0 ? header : header.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/x-protobuf" -> PROTOBUF;
            case "application/json" -> JSON;
            default -> null;
        };
    }

    /** Thrown for bodies that do not decode as the signal's request. */
    static final class UndecodableException extends Exception {
        private static final long serialVersionUID = 1L;

        UndecodableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    <Q extends Message> Q decode(OtlpSignal<Q, ?> signal, byte[] body, OtlpJson json) throws UndecodableException {
        try {
            if (this == PROTOBUF) {
                return signal.parser().parseFrom(body);
            }
            Message.Builder builder = signal.newRequestBuilder();
            json.merge(body, builder);
            return signal.castRequest(builder.build());
        } catch (InvalidProtocolBufferException | OtlpJson.UndecodableJsonException e) {
            throw new UndecodableException("undecodable " + signal + " request (" + contentType + "): "
                    + e.getMessage(), e);
        }
    }

    byte[] encode(Message message, OtlpJson json) {
        return this == PROTOBUF ? message.toByteArray() : json.print(message);
    }
}
