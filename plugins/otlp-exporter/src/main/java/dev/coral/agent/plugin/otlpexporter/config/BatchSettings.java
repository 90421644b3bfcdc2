package dev.coral.agent.plugin.otlpexporter.config;

import java.time.Duration;

/**
 * {@code batch}: queued batches of one signal are merged into one request of up to
 * {@code sendBatchSize} items (spans, metric points, log records); fewer are sent once the oldest
 * waited {@code timeout}. A request never grows past {@code maxRequestBytes}.
 */
public record BatchSettings(int sendBatchSize, Duration timeout, long maxRequestBytes) {

    public static BatchSettings defaults() {
        return new BatchSettings(8192, Duration.ofMillis(200), 3L << 20);
    }
}
