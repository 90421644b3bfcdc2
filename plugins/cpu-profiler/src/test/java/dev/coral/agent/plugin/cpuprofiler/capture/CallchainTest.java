package dev.coral.agent.plugin.cpuprofiler.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallchainTest {
    private static final long KERNEL = Callchain.PERF_CONTEXT_KERNEL;
    private static final long USER = Callchain.PERF_CONTEXT_USER;

    @Test
    void splitsKernelAndUserPartsAtTheMarkers() {
        Callchain chain =
                Callchain.split(new long[] {KERNEL, 0xffffffff81000010L, 0xffffffff81000020L, USER, 0x401000, 0x401100});

        assertThat(chain.kernelIps()).containsExactly(0xffffffff81000010L, 0xffffffff81000020L);
        assertThat(chain.userIps()).containsExactly(0x401000, 0x401100);
    }

    @Test
    void userOnlyAndKernelOnlyChains() {
        assertThat(Callchain.split(new long[] {USER, 0x401000}).kernelIps()).isEmpty();
        assertThat(Callchain.split(new long[] {KERNEL, 0xffffffff81000010L}).userIps()).isEmpty();
    }

    @Test
    void dropsGuestContextsAndAddressesBeforeAnyMarker() {
        long guestKernel = 0xfffffffffffff780L; // PERF_CONTEXT_GUEST_KERNEL
        Callchain chain = Callchain.split(new long[] {0x1234, guestKernel, 0x5678, USER, 0x401000});

        assertThat(chain.kernelIps()).isEmpty();
        assertThat(chain.userIps()).containsExactly(0x401000);
    }
}
