package dev.coral.agent.plugin.cpuprofiler.symbols;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coral.agent.plugin.cpuprofiler.capture.CpuSampler;
import dev.coral.agent.plugin.cpuprofiler.capture.CpuSamplers;
import dev.coral.agent.plugin.cpuprofiler.capture.RawStack;
import dev.coral.agent.plugin.cpuprofiler.capture.SyscallException;
import dev.coral.agent.plugin.cpuprofiler.capture.Syscalls;
import java.util.ArrayList;
import java.util.List;

/** The host's best sampler, drained into symbolized stacks of one process: what a cycle does, for tests. */
public final class SampledFrames implements AutoCloseable {
    private final CpuSampler sampler;

    private SampledFrames(CpuSampler sampler) {
        this.sampler = sampler;
    }

    /** Opens a sampler at {@code hz}; skips the test (saying why) where perf events are refused. */
    public static SampledFrames openOrSkip(int hz) {
        try {
            return new SampledFrames(new CpuSamplers(new Syscalls()).open(hz).sampler());
        } catch (SyscallException e) {
            System.out.println("SKIP: perf events refused here: " + e.getMessage());
            assumeTrue(false, e.getMessage());
            throw e;
        }
    }

    /** Drains the sampler. */
    public List<RawStack> drain(int pid) {
        return sampler.drain().stacks().stream().filter(stack -> stack.pid() == pid).toList();
    }

    /** Symbolizes stacks as a cycle does (without ending the cycle): each stack's frames, leaf first. */
    public static List<List<Frame>> symbolize(Symbolizer symbolizer, List<RawStack> stacks) {
        List<List<Frame>> frames = new ArrayList<>();
        for (RawStack stack : stacks) {
            frames.add(symbolizer.symbolize(stack.pid(), stack.userIps(), stack.kernelIps()));
        }
        return frames;
    }

    /** Every frame name in the stacks. */
    public static List<String> names(List<List<Frame>> stacks) {
        return stacks.stream().flatMap(List::stream).map(Frame::name).distinct().toList();
    }

    @Override
    public void close() {
        sampler.close();
    }
}
