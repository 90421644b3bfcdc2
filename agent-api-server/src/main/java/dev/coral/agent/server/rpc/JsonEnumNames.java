package dev.coral.agent.server.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.grpc.Status;
import io.grpc.StatusException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Refuses enum names a JSON request gives that its message does not define. The proto3 JSON
 * parser, told to ignore unknown fields (as connect-go is, so a newer client can talk to this
 * agent), also drops unknown enum names without a word, leaving the field at its default:
 * {@code {"format": "bogus"}} asked for a CPU profile came back as folded stacks. A typo there is
 * the caller's mistake, so it is INVALID_ARGUMENT naming the accepted values. Numbers are left to
 * the service, which sees an unknown one as UNRECOGNIZED, as in a protobuf body.
 */
final class JsonEnumNames {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+");
    /** Whether a message type has an enum field anywhere below it: most requests have none and skip the check. */
    private static final Map<Descriptor, Boolean> HAS_ENUMS = new ConcurrentHashMap<>();

    private JsonEnumNames() {}

    /** @throws StatusException INVALID_ARGUMENT for the first unknown enum name */
    static void check(String json, Descriptor type) throws StatusException {
        if (!HAS_ENUMS.computeIfAbsent(type, t -> hasEnums(t, new HashSet<>()))) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return; // malformed: the protobuf parser reports it
        }
        check(root, type, "");
    }

    private static void check(JsonNode node, Descriptor type, String path) throws StatusException {
        if (node == null || !node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            FieldDescriptor field = field(type, entry.getKey());
            if (field == null || field.isMapField()) {
                continue; // unknown fields are ignored; no request has enums in maps
            }
            String name = path + field.getName();
            for (JsonNode value : entry.getValue().isArray() ? entry.getValue() : java.util.List.of(entry.getValue())) {
                if (field.getJavaType() == FieldDescriptor.JavaType.ENUM) {
                    checkName(value, field.getEnumType(), name);
                } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !wellKnown(field.getMessageType())) {
                    check(value, field.getMessageType(), name + ".");
                }
            }
        }
    }

    private static void checkName(JsonNode value, EnumDescriptor type, String field) throws StatusException {
        if (!value.isTextual() || NUMBER.matcher(value.asText()).matches()
                || type.findValueByName(value.asText()) != null) {
            return;
        }
        throw Status.INVALID_ARGUMENT.withDescription(field + ": unknown " + type.getName() + " '" + value.asText()
                + "'; accepted: " + accepted(type)).asException();
    }

    /** The names of an enum's values, for messages: {@code A, B, C}. */
    static String accepted(EnumDescriptor type) {
        return type.getValues().stream().map(EnumValueDescriptor::getName).collect(Collectors.joining(", "));
    }

    /** A field by its proto name or its JSON (lowerCamelCase) name, as the parser accepts both. */
    private static FieldDescriptor field(Descriptor type, String key) {
        FieldDescriptor byName = type.findFieldByName(key);
        if (byName != null) {
            return byName;
        }
        return type.getFields().stream().filter(f -> f.getJsonName().equals(key)).findFirst().orElse(null);
    }

    /** Timestamp, Duration, wrappers...: JSON of their own, never enum names. */
    private static boolean wellKnown(Descriptor type) {
        return type.getFile().getPackage().equals("google.protobuf");
    }

    private static boolean hasEnums(Descriptor type, Set<Descriptor> seen) {
        if (!seen.add(type)) {
            return false;
        }
        for (FieldDescriptor f : type.getFields()) {
            if (f.getJavaType() == FieldDescriptor.JavaType.ENUM
                    || (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !wellKnown(f.getMessageType())
                            && hasEnums(f.getMessageType(), seen))) {
                return true;
            }
        }
        return false;
    }
}
