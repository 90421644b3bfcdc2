package dev.coral.agent.plugin.cpuprofiler.capture;

/**
 * Opens the best sampler this host permits: BPF (in-kernel aggregation) first, else the perf
 * ring buffer. When both are refused the exception from perf events (the one that says which
 * sysctl or capability would allow profiling) is thrown, with the BPF refusal suppressed.
 */
public final class CpuSamplers {
    private final Syscalls syscalls;

    /** @param syscalls the system-call gateway both modes use */
    public CpuSamplers(Syscalls syscalls) {
        this.syscalls = syscalls;
    }

    /**
     * The sampler that was opened, its mode, and why BPF was not used (empty when it was).
     *
     * @param sampler the running sampler; the caller closes it
     * @param mode {@code "bpf"} or {@code "perf-ring-buffer"}
     * @param bpfRefusal why BPF could not be used, or empty
     */
    public record Opened(CpuSampler sampler, String mode, String bpfRefusal) {}

    /**
     * Opens a sampler at {@code frequencyHz} on every online CPU.
     *
     * @throws SyscallException when perf events are refused or unavailable
     */
    public Opened open(int frequencyHz) {
        SyscallException bpfRefused;
        try {
            return new Opened(new BpfSampler(syscalls, frequencyHz), "bpf", "");
        } catch (SyscallException e) {
            bpfRefused = e;
        }
        try {
            return new Opened(
                    new RingBufferSampler(syscalls, frequencyHz), "perf-ring-buffer", bpfRefused.getMessage());
        } catch (SyscallException e) {
            e.addSuppressed(bpfRefused);
            throw e;
        }
    }
}
