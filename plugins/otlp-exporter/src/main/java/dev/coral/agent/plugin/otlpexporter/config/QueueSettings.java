package dev.coral.agent.plugin.otlpexporter.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code sending_queue}: batches are kept on disk until the upstream accepted them.
 *
 * @param storageDir where the segments live; empty: {@code <data-dir>/<exporter id>/queue}
 */
public record QueueSettings(boolean enabled, int numConsumers, Optional<Path> storageDir, long maxBytes,
                            FullPolicy fullPolicy) {

    public static QueueSettings defaults() {
        return new QueueSettings(true, 10, Optional.empty(), 256L << 20, FullPolicy.BLOCK);
    }
}
