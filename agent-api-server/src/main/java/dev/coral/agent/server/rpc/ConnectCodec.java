package dev.coral.agent.server.rpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import io.grpc.StatusException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The two message encodings of Connect unary calls: {@code application/proto} (protobuf bytes)
 * and {@code application/json} (the proto3 JSON mapping, as protojson writes it: lowerCamelCase
 * names, defaults omitted, 64-bit integers as strings). Unknown JSON fields are ignored, as
 * connect-go does, so a newer colony can talk to an older agent; an unknown enum name is refused
 * ({@link JsonEnumNames}) rather than silently left at the default.
 */
public enum ConnectCodec {
    PROTO("application/proto"),
    JSON("application/json");

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final String mediaType;

    ConnectCodec(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The codec of a request's Content-Type (parameters such as charset ignored), if supported. */
    public static Optional<ConnectCodec> forContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/proto", "application/protobuf", "application/x-protobuf" -> Optional.of(PROTO);
            case "application/json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }

    /** Reads a request message; an empty body is the empty message. */
    public Message read(byte[] body, Message prototype) throws StatusException {
        if (body.length == 0) {
            return prototype.getDefaultInstanceForType();
        }
        try {
            if (this == PROTO) {
                return prototype.getParserForType().parseFrom(body);
            }
            String json = new String(body, StandardCharsets.UTF_8);
            JsonEnumNames.check(json, prototype.getDescriptorForType());
            Message.Builder builder = prototype.newBuilderForType();
            PARSER.merge(json, builder);
            return builder.build();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw Status.INVALID_ARGUMENT.withDescription("cannot decode " + prototype.getDescriptorForType().getName()
                    + " from " + mediaType + ": " + e.getMessage()).asException();
        }
    }

    /** Writes a response message. */
    public byte[] write(Message reply) throws InvalidProtocolBufferException {
        if (this == PROTO) {
            return reply.toByteArray();
        }
        return PRINTER.print(reply).getBytes(StandardCharsets.UTF_8);
    }
}
