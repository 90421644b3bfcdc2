package dev.coral.agent.plugin.beyla.config;

import dev.coral.agent.api.config.Settings;

/** How Beyla is found and run (to be filled by the supervision work of issue 14). */
public record SupervisionConfig() {
    public static SupervisionConfig defaults() {
        return new SupervisionConfig();
    }

    public static SupervisionConfig read(Settings s, SupervisionConfig d) {
        return d;
    }
}
