package dev.coral.agent.cli;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/** Typed attributes on one line: {@code k=v, items=[a, b], nested={n=1}, raw=base64:AAE=}. */
final class AttributeText {
    private AttributeText() {}

    static String of(List<KeyValue> attributes) {
        return attributes.stream().map(kv -> kv.getKey() + "=" + value(kv.getValue()))
                .collect(Collectors.joining(", "));
    }

    static String value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue().replace('\n', ' ');
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case BYTES_VALUE -> "base64:" + Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(AttributeText::value)
                    .collect(Collectors.joining(", ", "[", "]"));
            case KVLIST_VALUE -> "{" + of(v.getKvlistValue().getValuesList()) + "}";
            default -> "null";  // VALUE_NOT_SET: an empty value
        };
    }
}
