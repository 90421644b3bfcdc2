package dev.coral.agent.server.profile;

import com.google.protobuf.CodedOutputStream;
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
 * ({@code samples/count}), one function and one location per distinct frame name, locations
 * leaf first. Written with protobuf's {@link CodedOutputStream} and the field numbers of
 * profile.proto, which is small and stable, rather than generating code for it.
 */
public final class Pprof {
    // profile.proto field numbers.
    private static final int PROFILE_SAMPLE_TYPE = 1;
    private static final int PROFILE_SAMPLE = 2;
    private static final int PROFILE_LOCATION = 4;
    private static final int PROFILE_FUNCTION = 5;
    private static final int PROFILE_STRING_TABLE = 6;
    private static final int PROFILE_TIME_NANOS = 9;
    private static final int PROFILE_DURATION_NANOS = 10;
    private static final int VALUE_TYPE_TYPE = 1;
    private static final int VALUE_TYPE_UNIT = 2;
    private static final int SAMPLE_LOCATION_ID = 1;
    private static final int SAMPLE_VALUE = 2;
    private static final int LOCATION_ID = 1;
    private static final int LOCATION_LINE = 4;
    private static final int LINE_FUNCTION_ID = 1;
    private static final int FUNCTION_ID = 1;
    private static final int FUNCTION_NAME = 2;
    private static final int FUNCTION_SYSTEM_NAME = 3;

    private Pprof() {}

    public static byte[] render(StackCounts counts, long startMillis, long endMillis) {
        List<String> strings = new ArrayList<>(List.of(""));
        Map<String, Integer> stringIndex = new LinkedHashMap<>(Map.of("", 0));
        Map<String, Integer> functions = new LinkedHashMap<>();
        for (List<String> stack : counts.stacks().keySet()) {
            for (String frame : stack) {
                stringIndex.computeIfAbsent(frame, f -> {
                    strings.add(f);
                    return strings.size() - 1;
                });
                functions.computeIfAbsent(frame, f -> functions.size() + 1);
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
            for (Map.Entry<List<String>, Long> e : counts.stacks().entrySet()) {
                List<String> stack = e.getKey();
                out.writeByteArray(PROFILE_SAMPLE, message(m -> {
                    for (int i = stack.size() - 1; i >= 0; i--) {
                        m.writeUInt64(SAMPLE_LOCATION_ID, functions.get(stack.get(i)));
                    }
                    m.writeInt64(SAMPLE_VALUE, e.getValue());
                }));
            }
            for (Map.Entry<String, Integer> f : functions.entrySet()) {
                int id = f.getValue();
                out.writeByteArray(PROFILE_LOCATION, message(m -> {
                    m.writeUInt64(LOCATION_ID, id);
                    m.writeByteArray(LOCATION_LINE, message(line -> line.writeUInt64(LINE_FUNCTION_ID, id)));
                }));
                int name = stringIndex.get(f.getKey());
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
