package dev.coral.agent.plugin.cpuprofiler.config;

import java.util.Locale;
import java.util.Optional;

/** How samples are taken: aggregated in the kernel by BPF, read from perf ring buffers, or the best permitted. */
public enum CaptureMode {
    /** BPF where the kernel permits it, else the perf ring buffer. */
    AUTO,
    /** Only BPF; the profiler reports itself disabled where BPF is refused. */
    BPF,
    /** Only the perf ring buffer, aggregated in the agent. */
    PERF;

    /** The word in {@code pipelines.conf}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<CaptureMode> of(String word) {
        for (CaptureMode m : values()) {
            if (m.word().equals(word)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
