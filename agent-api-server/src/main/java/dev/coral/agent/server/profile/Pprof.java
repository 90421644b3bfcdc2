package dev.coral.agent.server.profile;

import com.google.protobuf.CodedOutputStream;
import dev.coral.agent.api.profile.ProfileBinary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * pprof's {@code profile.proto}, gzipped, as {@code go tool pprof} reads it: one sample type
 * ({@code samples/count}), one function and one location per distinct frame (name and binary),
 * locations leaf first, and one {@code Mapping} per binary (file name and build id) that its
 * frames' locations point at; frames without a binary (kernel, JIT, the process root) have none. Written with protobuf's {@link CodedOutputStream} and the field numbers of
 * profile.proto, which is small and stable, rather than generating code for it.
 */
public final class Pprof {
    // profile.proto field numbers.
    private static final int PROFILE_SAMPLE_TYPE = 1;
    private static final int PROFILE_SAMPLE = 2;
    private static final int PROFILE_MAPPING = 3;
    private static final int PROFILE_LOCATION = 4;
    private static final int PROFILE_FUNCTION = 5;
    private static final int PROFILE_STRING_TABLE = 6;
    private static final int PROFILE_TIME_NANOS = 9;
    private static final int PROFILE_DURATION_NANOS = 10;
    private static final int VALUE_TYPE_TYPE = 1;
    private static final int VALUE_TYPE_UNIT = 2;
    private static final int SAMPLE_LOCATION_ID = 1;
    private static final int SAMPLE_VALUE = 2;
    private static final int MAPPING_ID = 1;
    private static final int MAPPING_FILENAME = 5;
    private static final int MAPPING_BUILD_ID = 6;
    private static final int MAPPING_HAS_FUNCTIONS = 7;
    private static final int LOCATION_ID = 1;
    private static final int LOCATION_MAPPING_ID = 2;
    private static final int LOCATION_LINE = 4;
    private static final int LINE_FUNCTION_ID = 1;
    private static final int FUNCTION_ID = 1;
    private static final int FUNCTION_NAME = 2;
    private static final int FUNCTION_SYSTEM_NAME = 3;

    private Pprof() {}

    public static byte[] render(StackCounts counts, long startMillis, long endMillis) {
        List<String> strings = new ArrayList<>(List.of(""));
        Map<String, Integer> stringIndex = new LinkedHashMap<>(Map.of("", 0));
        Map<StackCounts.Frame, Integer> functions = new LinkedHashMap<>();
        Map<String, Integer> mappings = new LinkedHashMap<>();
        for (List<StackCounts.Frame> stack : counts.frameStacks().keySet()) {
            for (StackCounts.Frame frame : stack) {
                index(frame.name(), strings, stringIndex);
                functions.computeIfAbsent(frame, f -> functions.size() + 1);
                if (!frame.buildId().isEmpty()) {
                    mappings.computeIfAbsent(frame.buildId(), id -> mappings.size() + 1);
                }
            }
        }
        int samplesType = index("samples", strings, stringIndex);
        int countUnit = index("count", strings, stringIndex);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeByteArray(PROFILE_SAMPLE_TYPE, message(m -> {
                m.writeInt64(VALUE_TYPE_TYPE, samplesType);
                m.writeInt64(VALUE_TYPE_UNIT, countUnit);
            }));
            for (Map.Entry<List<StackCounts.Frame>, Long> e : counts.frameStacks().entrySet()) {
                List<StackCounts.Frame> stack = e.getKey();
                out.writeByteArray(PROFILE_SAMPLE, message(m -> {
                    for (int i = stack.size() - 1; i >= 0; i--) {
                        m.writeUInt64(SAMPLE_LOCATION_ID, functions.get(stack.get(i)));
                    }
                    m.writeInt64(SAMPLE_VALUE, e.getValue());
                }));
            }
            for (Map.Entry<String, Integer> mapping : mappings.entrySet()) {
                ProfileBinary binary = counts.binaries().get(mapping.getKey());
                int file = index(binary == null ? "" : binary.path(), strings, stringIndex);
                int buildId = index(mapping.getKey(), strings, stringIndex);
                out.writeByteArray(PROFILE_MAPPING, message(m -> {
                    m.writeUInt64(MAPPING_ID, mapping.getValue());
                    m.writeInt64(MAPPING_FILENAME, file);
                    m.writeInt64(MAPPING_BUILD_ID, buildId);
                    m.writeBool(MAPPING_HAS_FUNCTIONS, true);
                }));
            }
            for (Map.Entry<StackCounts.Frame, Integer> f : functions.entrySet()) {
                int id = f.getValue();
                Integer mapping = mappings.get(f.getKey().buildId());
                out.writeByteArray(PROFILE_LOCATION, message(m -> {
                    m.writeUInt64(LOCATION_ID, id);
                    if (mapping != null) {
                        m.writeUInt64(LOCATION_MAPPING_ID, mapping);
                    }
                    m.writeByteArray(LOCATION_LINE, message(line -> line.writeUInt64(LINE_FUNCTION_ID, id)));
                }));
                int name = stringIndex.get(f.getKey().name());
                out.writeByteArray(PROFILE_FUNCTION, message(m -> {
                    m.writeUInt64(FUNCTION_ID, id);
                    m.writeInt64(FUNCTION_NAME, name);
                    m.writeInt64(FUNCTION_SYSTEM_NAME, name);
                }));
            }
            for (String s : strings) {
                out.writeString(PROFILE_STRING_TABLE, s);
            }
            out.writeInt64(PROFILE_TIME_NANOS, startMillis * 1_000_000L);
            out.writeInt64(PROFILE_DURATION_NANOS, Math.max(0, endMillis - startMillis) * 1_000_000L);
            out.flush();
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream zip = new GZIPOutputStream(gz)) {
                bytes.writeTo(zip);
            }
            return gz.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int index(String s, List<String> strings, Map<String, Integer> index) {
        return index.computeIfAbsent(s, k -> {
            strings.add(k);
            return strings.size() - 1;
        });
    }

    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        body.write(out);
        out.flush();
        return bytes.toByteArray();
    }
}
