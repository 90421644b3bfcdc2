package dev.coral.agent.plugin.beyla.config;

import dev.coral.agent.api.config.Settings;

/**
 * The {@code beyla} receiver's settings: where Beyla's OTLP is received, and how Beyla is run.
 *
 * @param receiving the loopback OTLP endpoints Beyla exports to
 * @param supervision the Beyla binary, its discovery and restart policy
 */
public record BeylaConfig(ReceivingConfig receiving, SupervisionConfig supervision) {
    public static BeylaConfig defaults() {
        return new BeylaConfig(ReceivingConfig.defaults(), SupervisionConfig.defaults());
    }

    /** Reads the block over {@code d}; each bad value is recorded with file, line and key. */
    public static BeylaConfig read(Settings s, BeylaConfig d) {
        return new BeylaConfig(ReceivingConfig.read(s, d.receiving()), SupervisionConfig.read(s, d.supervision()));
    }
}
