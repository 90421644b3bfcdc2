package dev.coral.agent.tools.otlpload;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options with defaults; unknown names are errors. */
final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> used = new HashMap<>();

    Args(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + a);
            }
            values.put(a.substring(2), args[++i]);
        }
    }

    String string(String name, String def) {
        used.put(name, name);
        return values.getOrDefault(name, def);
    }

    int integer(String name, int def) {
        return Integer.parseInt(string(name, Integer.toString(def)));
    }

    /** Seconds, e.g. {@code --duration 20}. */
    Duration seconds(String name, int def) {
        return Duration.ofSeconds(integer(name, def));
    }

    void checkAllUsed() {
        for (String k : values.keySet()) {
            if (!used.containsKey(k)) {
                throw new IllegalArgumentException("unknown option --" + k);
            }
        }
    }
}
