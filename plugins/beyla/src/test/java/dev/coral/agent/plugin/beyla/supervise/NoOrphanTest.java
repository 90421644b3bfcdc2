package dev.coral.agent.plugin.beyla.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beyla dies with the agent even when the agent is SIGKILLed and runs no shutdown code: a child
 * JVM supervises the stand-in, the test SIGKILLs that JVM, and the stand-in must be gone soon
 * after, with either orphan guard.
 */
class NoOrphanTest {
    @TempDir
    Path tmp;

    private Process agent;
    private long standInPid;

    @AfterEach
    void cleanUp() {
        if (agent != null) {
            agent.destroyForcibly();
        }
        // Should the test fail, leave nothing running.
        if (standInPid > 0) {
            ProcessHandle.of(standInPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @ParameterizedTest
    @CsvSource({"setpriv, 5", "watchdog, 8"})
    void beylaDiesWhenTheAgentIsSigkilled(String guard, int withinSeconds) throws Exception {
        if (guard.equals("setpriv") && !Files.isExecutable(Path.of("/usr/bin/setpriv"))
                && !Files.isExecutable(Path.of("/bin/setpriv"))) {
            System.out.println("SKIP: setpriv (util-linux) is not installed here");
            org.junit.jupiter.api.Assumptions.assumeTrue(false);
        }
        StandIn standIn = new StandIn(tmp.resolve("standin"));
        Path data = Files.createDirectories(tmp.resolve("data"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        agent = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                SupervisorMain.class.getName(), data.toString(), standIn.binary.toString(), guard))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("agent.log").toFile()).start();

        await().atMost(Duration.ofSeconds(30)).until(() -> standIn.ready(1));
        standInPid = standIn.pid();
        assertThat(ancestors(standInPid)).contains(agent.pid());

        agent.destroyForcibly(); // SIGKILL: no shutdown hook, no supervisor code runs
        agent.waitFor();
        long killed = System.nanoTime();

        await().atMost(Duration.ofSeconds(withinSeconds)).until(() -> gone(standInPid));
        System.out.println("orphan guard " + guard + ": Beyla gone " + (System.nanoTime() - killed) / 1_000_000
                + " ms after the agent's SIGKILL was reaped");
        assertThat(Files.readString(tmp.resolve("agent.log"))).contains("supervising");
    }

    private static List<Long> ancestors(long pid) {
        List<Long> out = new java.util.ArrayList<>();
        var h = ProcessHandle.of(pid);
        while (h.isPresent()) {
            h = h.get().parent();
            h.ifPresent(p -> out.add(p.pid()));
        }
        return out;
    }

    /** Exited: no such process, or a zombie waiting for its new parent to reap it. */
    private static boolean gone(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return true;
        }
        try {
            String s = Files.readString(stat);
            return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException vanished) {
            return true;
        }
    }
}
