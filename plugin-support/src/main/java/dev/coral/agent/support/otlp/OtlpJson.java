package dev.coral.agent.support.otlp;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * The OTLP/JSON encoding: protobuf's JSON mapping ({@link JsonFormat}) except that trace and
 * span ids are hex strings, not base64 (OTLP specification, "JSON Protobuf Encoding"). Enums
 * may be integers (OTLP requires them) or names, 64-bit integers strings or numbers, and
 * unknown fields are ignored, as the specification asks of receivers.
 *
 * <p>The ids are rewritten in one streaming pass over the JSON before {@link JsonFormat}
 * parses it. Only members named {@code traceId}, {@code spanId} or {@code parentSpanId} (or
 * their proto names) are touched: in OTLP those names only occur as id fields (Span, Link,
 * LogRecord, Exemplar); attribute keys are values of {@code "key"} members, never names.
 */
public final class OtlpJson {
    private static final Set<String> ID_FIELDS =
            Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");
    /** Twice protobuf's own nesting limit: every message level is an object plus an array in JSON. */
    private static final int MAX_DEPTH = 200;
    private static final HexFormat HEX = HexFormat.of();

    private final JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();
    private final JsonFormat.Printer printer;
    private final JsonFormat.Printer requestPrinter;

    public OtlpJson() {
        TypeRegistry types = TypeRegistry.newBuilder()
                .add(RetryInfo.getDescriptor())
                .add(BadRequest.getDescriptor())
                .build();
        this.printer = JsonFormat.printer().usingTypeRegistry(types).omittingInsignificantWhitespace();
        this.requestPrinter = JsonFormat.printer().printingEnumsAsInts().omittingInsignificantWhitespace();
    }

    /** A body that is not OTLP/JSON. */
    public static final class UndecodableJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        UndecodableJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Merges the OTLP/JSON {@code body} (UTF-8) into {@code builder}. */
    public void merge(byte[] body, Message.Builder builder) throws UndecodableJsonException {
        String protoJson;
        try (Reader r = new InputStreamReader(new java.io.ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
            protoJson = rewrite(r, OtlpJson::hexToBase64);
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new UndecodableJsonException("malformed JSON: " + e.getMessage(), e);
        }
        try {
            parser.merge(protoJson, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new UndecodableJsonException("not an OTLP JSON message: " + e.getMessage(), e);
        }
    }

    /** A response or status, as JSON. */
    public byte[] print(Message message) {
        try {
            return printer.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }

    /** An export request as an OTLP/JSON sender writes it: hex ids, enums as integers. */
    public String printRequest(Message request) {
        try {
            return rewrite(new StringReader(requestPrinter.print(request)), OtlpJson::base64ToHex);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface IdTransform {
        String apply(String field, String value) throws IOException;
    }

    private static String rewrite(Reader in, IdTransform ids) throws IOException {
        StringWriter sw = new StringWriter();
        JsonReader reader = new JsonReader(in);
        JsonWriter writer = new JsonWriter(sw);
        writer.setSerializeNulls(true);
        copy(reader, writer, null, ids, 0);
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new IOException("trailing content after the JSON value");
        }
        writer.flush();
        return sw.toString();
    }

    private static void copy(JsonReader in, JsonWriter out, String name, IdTransform ids, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (in.peek()) {
            case BEGIN_OBJECT -> {
                in.beginObject();
                out.beginObject();
                while (in.hasNext()) {
                    String member = in.nextName();
                    out.name(member);
                    copy(in, out, member, ids, depth + 1);
                }
                in.endObject();
                out.endObject();
            }
            case BEGIN_ARRAY -> {
                in.beginArray();
                out.beginArray();
                while (in.hasNext()) {
                    copy(in, out, null, ids, depth + 1);
                }
                in.endArray();
                out.endArray();
            }
            case STRING -> {
                String value = in.nextString();
                out.value(name != null && ID_FIELDS.contains(name) ? ids.apply(name, value) : value);
            }
            // The number's text as written: 64-bit nanosecond timestamps must not pass through a double.
            case NUMBER -> out.jsonValue(in.nextString());
            case BOOLEAN -> out.value(in.nextBoolean());
            case NULL -> {
                in.nextNull();
                out.nullValue();
            }
            default -> throw new IOException("unexpected " + in.peek() + " at " + in.getPath());
        }
    }

    private static String hexToBase64(String field, String hex) throws IOException {
        if (hex.isEmpty()) {
            return hex;
        }
        byte[] bytes;
        try {
            bytes = HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IOException(field + " \"" + abbreviate(hex) + "\" is not a hex string");
        }
        // Wrong lengths pass: validation then drops the one span (partial success), not the request.
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String base64ToHex(String field, String base64) {
        return HEX.formatHex(Base64.getDecoder().decode(base64));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
