package dev.coral.agent.plugin.cpuprofiler.capture;

import java.util.List;

/**
 * What a sampler gathered since its previous drain.
 *
 * @param stacks the distinct stacks with their sample counts
 * @param lost samples the kernel dropped (ring buffer full, or a map full in BPF mode)
 */
public record Drain(List<RawStack> stacks, long lost) {
    /** Copies the list, so a drain never changes after it is made. */
    public Drain {
        stacks = List.copyOf(stacks);
    }

    /** The total number of samples in this drain. */
    public long samples() {
        return stacks.stream().mapToLong(RawStack::count).sum();
    }
}
