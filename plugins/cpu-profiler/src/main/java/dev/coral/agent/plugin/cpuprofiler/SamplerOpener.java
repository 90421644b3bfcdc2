package dev.coral.agent.plugin.cpuprofiler;

import dev.coral.agent.plugin.cpuprofiler.capture.BpfSampler;
import dev.coral.agent.plugin.cpuprofiler.capture.CpuSamplers;
import dev.coral.agent.plugin.cpuprofiler.capture.RingBufferSampler;
import dev.coral.agent.plugin.cpuprofiler.capture.SyscallException;
import dev.coral.agent.plugin.cpuprofiler.capture.Syscalls;
import dev.coral.agent.plugin.cpuprofiler.config.CaptureMode;

/** Opens samplers in the configured mode: for the continuous profile and for each on-demand one. */
final class SamplerOpener {
    private final Syscalls syscalls = new Syscalls();
    private final CaptureMode mode;

    SamplerOpener(CaptureMode mode) {
        this.mode = mode;
    }

    /**
     * A sampler on every online CPU at {@code frequencyHz}; the caller closes it.
     *
     * @throws SyscallException when the kernel refuses the mode (the message says what would allow it)
     */
    CpuSamplers.Opened open(int frequencyHz) {
        return switch (mode) {
            case AUTO -> new CpuSamplers(syscalls).open(frequencyHz);
            case BPF -> new CpuSamplers.Opened(new BpfSampler(syscalls, frequencyHz), "bpf", "");
            case PERF -> new CpuSamplers.Opened(new RingBufferSampler(syscalls, frequencyHz), "perf-ring-buffer",
                    "mode = perf");
        };
    }
}
