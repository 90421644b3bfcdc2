package dev.coral.agent.plugin.cpuprofiler.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.plugin.cpuprofiler.capture.Syscalls;
import dev.coral.agent.plugin.cpuprofiler.symbols.JitProcess;
import dev.coral.agent.plugin.cpuprofiler.symbols.PerfMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jcmd without jcmd: the attach mechanism against real JVMs and a process that is not one. */
class HotSpotAttachTest {
    @TempDir
    Path dir;

    private final HotSpotAttach attach = new HotSpotAttach(new Syscalls());

    @Test
    void runsDiagnosticCommandsInARunningJvmAndWritesItsPerfMap() throws Exception {
        try (JitProcess jvm = JitProcess.java(dir)) {
            Path socket = Path.of("/proc/" + jvm.pid() + "/root/tmp/.java_pid" + jvm.pid());
            assertThat(socket).as("no attach listener before we ask").doesNotExist();

            String version = attach.jcmd(jvm.pid(), "VM.version", Duration.ofSeconds(5));
            assertThat(version).contains(Runtime.version().feature() + ".");
            assertThat(socket).exists();
            assertThat(dir.resolve(".attach_pid" + jvm.pid())).as("the trigger file is removed").doesNotExist();

            long started = System.nanoTime();
            attach.jcmd(jvm.pid(), JvmPerfMaps.COMMAND, Duration.ofSeconds(5));
            long tookMicros = (System.nanoTime() - started) / 1000;
            Path perfMap = Path.of("/proc/" + jvm.pid() + "/root/tmp/perf-" + jvm.pid() + ".map");
            PerfMap map = PerfMap.read(perfMap);
            System.out.printf("Compiler.perfmap of a small JVM: %d us, %d entries, %d bytes%n", tookMicros,
                    map.size(), Files.size(perfMap));
            assertThat(map.size()).isGreaterThan(100);
            assertThat(Files.readString(perfMap)).contains("hotJavaMethod");
        }
    }

    @Test
    void anUnknownCommandIsTheJvmsRefusalNotAHang() throws Exception {
        try (JitProcess jvm = JitProcess.java(dir)) {
            assertThatThrownBy(() -> attach.jcmd(jvm.pid(), "No.such.command", Duration.ofSeconds(5)))
                    .isInstanceOf(AttachException.class)
                    .hasMessageContaining("Unknown diagnostic command");
        }
    }

    @Test
    void aProcessWithoutASigquitHandlerIsNeverSignalled() throws Exception {
        // SIGQUIT's default action ends a process: the attach client must not send it here.
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            assertThatThrownBy(() -> attach.jcmd((int) sleeper.pid(), "VM.version", Duration.ofSeconds(2)))
                    .isInstanceOf(AttachException.class)
                    .hasMessageContaining("SIGQUIT");
            assertThat(sleeper.waitFor(200, TimeUnit.MILLISECONDS)).as("still running").isFalse();
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }
}
