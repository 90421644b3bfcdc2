package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.api.profile.StackSample;
import java.util.List;

/** Profile cycles for tests. */
final class Profiles {
    private Profiles() {}

    /** Two stacks over three frames: main <- work <- spin, and main <- idle... frames innermost first. */
    static ProfileBatch cycle(long timestampMillis, String service, int pid) {
        return new ProfileBatch(timestampMillis, List.of("spin", "work", "main", "idle"), List.of(
                new StackSample(pid, service, "b1d", new int[] {0, 1, 2}, 7),
                new StackSample(pid, service, "b1d", new int[] {3, 2}, 2)));
    }
}
