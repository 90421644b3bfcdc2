package dev.coral.agent.plugin.sysmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcNetDevTest {
    private static final List<String> SAMPLE = List.of(
            "Inter-|   Receive                                                |  Transmit",
            " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed",
            "    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0",
            "  eth0: 91473582   3251    1    2    0     0          0         0   419347    2872    3    4    0     0       0          0",
            "br-lan:12345678901234 5 0 0 0 0 0 0 10 1 0 0 0 0 0 0");

    @Test
    void readsEveryInterfaceWithReceiveAndTransmitCounters() throws IOException {
        List<InterfaceCounters> all = ProcNetDev.parse(SAMPLE);
        assertThat(all).extracting(InterfaceCounters::name).containsExactly("lo", "eth0", "br-lan");
        assertThat(all.get(1)).isEqualTo(new InterfaceCounters("eth0", 91473582, 419347, 3251, 2872, 1, 3, 2, 4));
        assertThat(all.get(2).rxBytes()).isEqualTo(12345678901234L);
    }

    @Test
    void aTruncatedLineIsAnErrorNotAZero() {
        assertThatThrownBy(() -> ProcNetDev.parse(List.of("eth0: 1 2 3"))).isInstanceOf(IOException.class)
                .hasMessageContaining("unexpected line");
    }

    @Test
    void theRealFileParses() throws Exception {
        Path file = Path.of("/proc/net/dev");
        if (Files.isReadable(file)) {
            assertThat(new ProcNetDev(file).read()).extracting(InterfaceCounters::name).contains("lo");
        }
    }
}
