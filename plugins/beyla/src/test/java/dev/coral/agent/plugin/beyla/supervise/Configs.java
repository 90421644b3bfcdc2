package dev.coral.agent.plugin.beyla.supervise;

import com.typesafe.config.ConfigFactory;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.plugin.beyla.config.SupervisionConfig;
import java.nio.file.Path;
import java.util.Map;

/** Supervision settings for tests: short backoffs and graces, the stand-in as binary. */
final class Configs {
    private Configs() {}

    static SupervisionConfig read(String hocon) {
        Settings s = Settings.of(ConfigFactory.parseString(hocon), "receivers.beyla", "pipelines.conf");
        SupervisionConfig c = SupervisionConfig.read(s, SupervisionConfig.defaults());
        if (!s.problems().isEmpty()) {
            throw s.problems().getFirst();
        }
        return c;
    }

    /** A quick-moving supervision of {@code binary}, with {@code extra} HOCON appended. */
    static SupervisionConfig quick(Path binary, String extra) {
        return read("binary = \"" + binary + "\"\n"
                + "discovery.services = [ { name = shop, open-ports = \"18080\" } ]\n"
                + "restart { initial-backoff = 100ms, max-backoff = 400ms, healthy-after = 1m }\n"
                + "stop-grace = 2s\n"
                + "reload-debounce = 1s\n" + extra);
    }

    /** An environment without Beyla anywhere, plus {@code extra}. */
    static Map<String, String> env(Map<String, String> extra) {
        var env = new java.util.HashMap<String, String>();
        env.put("PATH", "/usr/bin:/bin");
        env.putAll(extra);
        return env;
    }
}
