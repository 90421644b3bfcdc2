package dev.coral.agent.plugin.cpuprofiler.capture;

/** Run in a child without capabilities by {@link PerfRefusalTest}: tries to open a sampler (BPF, then the ring buffer). */
public final class RefusalProbe {
    private RefusalProbe() {}

    public static void main(String[] args) {
        try (CpuSampler sampler = new CpuSamplers(new Syscalls()).open(19).sampler()) {
            System.out.println("OPENED " + sampler.getClass().getSimpleName());
        } catch (SyscallException e) {
            System.out.println("REFUSED errno=" + e.errno() + " notPermitted=" + e.notPermitted());
            System.out.println("MESSAGE " + e.getMessage());
            for (Throwable bpf : e.getSuppressed()) {
                System.out.println("BPF " + bpf.getMessage());
            }
        }
    }
}
