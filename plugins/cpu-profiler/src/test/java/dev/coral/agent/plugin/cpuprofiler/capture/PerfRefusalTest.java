package dev.coral.agent.plugin.cpuprofiler.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The errno path: a refused or failing call becomes a SyscallException with a readable reason. */
class PerfRefusalTest {
    @Test
    void aFailedCallCarriesErrnoAndTheLibrarysText() {
        Syscalls syscalls = new Syscalls();

        assertThatThrownBy(() -> syscalls.close(-1))
                .isInstanceOfSatisfying(
                        SyscallException.class,
                        e -> {
                            assertThat(e.errno()).isEqualTo(9); // EBADF
                            assertThat(e.reason()).isEqualTo("Bad file descriptor");
                            assertThat(e.notPermitted()).isFalse();
                        });
    }

    @Test
    void withoutCapabilitiesBpfAndPerfEventsAreRefusedWithTheSettingThatWouldAllowThem() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        int paranoid = Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).trim());
        skipUnless(Files.isExecutable(setpriv), "setpriv not installed");
        skipUnless(paranoid > 0, "kernel.perf_event_paranoid=" + paranoid + " lets anyone sample all CPUs");
        skipUnless("root".equals(System.getProperty("user.name")), "not root: cannot start a child without capabilities");

        // The same JVM and class path in a child whose capability sets are empty: the real refusal.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child =
                new ProcessBuilder(
                                setpriv.toString(), "--inh-caps=-all", "--bounding-set=-all",
                                java, "--enable-native-access=ALL-UNNAMED",
                                "-cp", System.getProperty("java.class.path"),
                                RefusalProbe.class.getName())
                        .redirectErrorStream(true)
                        .start();
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String output = new String(child.getInputStream().readAllBytes());
        System.out.println("child: " + output);

        assertThat(output).contains("REFUSED errno=13 notPermitted=true");
        assertThat(output)
                .contains("perf_event_open(cpu=0) failed: perf events not permitted")
                .contains("kernel.perf_event_paranoid")
                .contains("CAP_PERFMON")
                .contains("BPF bpf(BPF_MAP_CREATE stacks) failed: BPF not permitted");
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.out.println("SKIP: " + reason);
        }
        assumeTrue(condition, reason);
    }
}
