package dev.coral.agent.plugin.cpuprofiler.capture;

/**
 * Samples the stacks running on every CPU until closed. Implemented in the kernel with BPF
 * ({@link BpfSampler}) or in user space from perf ring buffers ({@link RingBufferSampler}).
 */
public interface CpuSampler extends AutoCloseable {
    /** The stacks sampled since the previous drain (or the start); counting starts afresh. */
    Drain drain();

    /** Stops sampling and releases kernel resources. */
    @Override
    void close();
}
