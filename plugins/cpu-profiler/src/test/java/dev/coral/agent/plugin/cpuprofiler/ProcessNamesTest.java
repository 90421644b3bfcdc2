package dev.coral.agent.plugin.cpuprofiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.plugin.cpuprofiler.config.ServiceRule;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Which service a process is: the rules (port, name, executable), then its spans, then its process name. */
class ProcessNamesTest {
    private static final Path PROC = Path.of("/proc");
    private static final int SELF = (int) ProcessHandle.current().pid();

    @Test
    void aPortRuleNamesTheProcessListeningOnIt() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = listening.getLocalPort();
            ProcessNames byPort = new ProcessNames(PROC, List.of(
                    new ServiceRule("api", "", "", OptionalInt.of(port))));
            assertThat(byPort.serviceOf(SELF)).isEqualTo("api");

            int closed = other.getLocalPort();
            other.close();
            ProcessNames notListening = new ProcessNames(PROC, List.of(
                    new ServiceRule("api", "", "", OptionalInt.of(closed))));
            assertThat(notListening.serviceOf(SELF)).isEqualTo(comm(SELF));
        }
    }

    @Test
    void rulesComeBeforeSpansAndSpansBeforeTheProcessName() throws Exception {
        ProcessNames names = new ProcessNames(PROC, List.of(new ServiceRule("by-exe", "", "**/bin/java", OptionalInt.empty())));
        assertThat(names.serviceOf(SELF)).isEqualTo("by-exe");

        ProcessNames noRules = new ProcessNames(PROC, List.of());
        assertThat(noRules.serviceOf(SELF)).isEqualTo(comm(SELF));
        noRules.spanServices(Map.of(SELF, "checkout"));
        assertThat(noRules.serviceOf(SELF)).isEqualTo("checkout");
        assertThat(noRules.anyProcessOf("checkout")).isTrue();
        assertThat(noRules.anyProcessOf("nobody-runs-this")).isFalse();

        names.spanServices(Map.of(SELF, "checkout"));
        assertThat(names.serviceOf(SELF)).isEqualTo("by-exe");
    }

    private static String comm(int pid) throws Exception {
        return Files.readString(PROC.resolve(pid + "/comm")).strip();
    }
}
