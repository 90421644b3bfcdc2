package dev.coral.agent.plugin.cpuprofiler.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class CpuSamplersTest {
    @Test
    void opensBpfWhereRootIsAllowedIt() {
        Syscalls syscalls = new Syscalls();
        CpuSamplers.Opened opened;
        try {
            opened = new CpuSamplers(syscalls).open(19);
        } catch (SyscallException e) {
            System.out.println("SKIP: perf events refused here: " + e.getMessage());
            assumeTrue(false, e.getMessage());
            return;
        }
        try (CpuSampler sampler = opened.sampler()) {
            System.out.println("mode " + opened.mode() + " " + opened.bpfRefusal());
            assumeTrue(opened.mode().equals("bpf"), "BPF refused: " + opened.bpfRefusal());
            assertThat(sampler).isInstanceOf(BpfSampler.class);
            assertThat(opened.bpfRefusal()).isEmpty();
        }
    }
}
