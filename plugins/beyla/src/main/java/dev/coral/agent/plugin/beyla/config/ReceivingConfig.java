package dev.coral.agent.plugin.beyla.config;

import dev.coral.agent.api.config.Settings;

/** Where Beyla's OTLP is received (to be filled by the receiving work of issue 14). */
public record ReceivingConfig() {
    public static ReceivingConfig defaults() {
        return new ReceivingConfig();
    }

    public static ReceivingConfig read(Settings s, ReceivingConfig d) {
        return d;
    }
}
