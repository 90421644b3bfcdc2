package dev.coral.agent.plugin.cpuprofiler;

import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.plugin.cpuprofiler.capture.Drain;
import dev.coral.agent.plugin.cpuprofiler.capture.RawStack;
import dev.coral.agent.plugin.cpuprofiler.symbols.Symbolizer;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * Turns drained stacks into a profile batch: frames symbolized, processes named. Its caches are
 * not thread-safe: the profiler calls it from its one thread only.
 */
final class StackNaming {
    private final Symbolizer symbolizer;
    private final ProcessNames names;
    private final Supplier<Map<Integer, String>> spanServices;

    /** @param spanServices the {@code service.name} by {@code process.pid} of the spans the agent received lately */
    StackNaming(Symbolizer symbolizer, ProcessNames names, Supplier<Map<Integer, String>> spanServices) {
        this.symbolizer = symbolizer;
        this.names = names;
        this.spanServices = spanServices;
    }

    /** The stacks of the processes {@code keep} accepts, each frame once; null when there are none. */
    ProfileBatch batch(Drain drain, IntPredicate keep, long timestampMillis) {
        ProfileBatches batch = new ProfileBatches();
        for (RawStack stack : drain.stacks()) {
            if (keep.test(stack.pid())) {
                batch.add(stack.pid(), names.serviceOf(stack.pid()),
                        symbolizer.symbolize(stack.pid(), stack.userIps(), stack.kernelIps()), stack.count());
            }
        }
        return batch.isEmpty() ? null : batch.build(timestampMillis);
    }

    String serviceOf(int pid) {
        return names.serviceOf(pid);
    }

    /** True when a running process is named {@code service}, by what spans say now. */
    boolean anyProcessOf(String service) {
        refreshSpanServices();
        return names.anyProcessOf(service);
    }

    /** Before a cycle: takes what spans say about processes now. */
    void refreshSpanServices() {
        names.spanServices(spanServices.get());
    }

    /** After a cycle: forgets exited processes and this cycle's names (a process may change its name). */
    void endCycle() {
        symbolizer.evictExited();
        names.clear();
    }
}
