package dev.coral.agent.plugin.beyla.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binary resolution order, the backoff sequence and the line limiter. */
class SmallPartsTest {
    @TempDir
    Path tmp;

    private Path executable(String dir) throws IOException {
        Path p = Files.createDirectories(tmp.resolve(dir)).resolve("beyla");
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void binaryComesFromTheSettingThenBeylaPathThenPathThenCoralHome() throws IOException {
        Path set = executable("set");
        Path env = executable("env");
        Path onPath = executable("path");
        Path home = executable("home/bin");
        Path notExecutable = Files.writeString(tmp.resolve("plain"), "");
        String homeDir = tmp.resolve("home").toString();
        Map<String, String> all = Map.of("BEYLA_PATH", env.toString(), "PATH", "/nonexistent:" + onPath.getParent());

        assertThat(new BinaryResolver(all, homeDir).resolve(set.toString())).contains(set);
        assertThat(new BinaryResolver(all, homeDir).resolve("")).contains(env);
        assertThat(new BinaryResolver(Map.of("PATH", onPath.getParent().toString()), homeDir).resolve("")).contains(onPath);
        assertThat(new BinaryResolver(Map.of("PATH", "/nonexistent"), homeDir).resolve("")).contains(home);
        assertThat(new BinaryResolver(Map.of("PATH", "/nonexistent", "CORAL_HOME", homeDir), null).resolve(""))
                .contains(home);
        assertThat(new BinaryResolver(Map.of("PATH", "/nonexistent"), null).resolve("")).isEqualTo(Optional.empty());
        assertThat(new BinaryResolver(all, homeDir).resolve(notExecutable.toString())).isEmpty();
    }

    @Test
    void backoffDoublesUpToTheCapAndResetsAfterAHealthyRun() {
        RestartBackoff b = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5));
        Duration quick = Duration.ofSeconds(2);
        assertThat(new long[] {b.afterRun(quick).toSeconds(), b.afterRun(quick).toSeconds(),
                b.afterRun(quick).toSeconds(), b.afterRun(quick).toSeconds(), b.afterRun(quick).toSeconds(),
                b.afterRun(quick).toSeconds(), b.afterRun(quick).toSeconds(), b.afterRun(quick).toSeconds()})
                .containsExactly(1, 2, 4, 8, 16, 32, 60, 60);
        assertThat(b.afterRun(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.afterRun(quick)).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 100; i++) {
            b.afterRun(quick); // no overflow however long it crashes
        }
        assertThat(b.afterRun(quick)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void limiterAdmitsNPerSecondAndCountsTheRest() {
        long second = 1_000_000_000L;
        LineRateLimiter l = new LineRateLimiter(3, 0);
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            admitted += l.admit(i) ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(3);
        assertThat(l.takeSuppressed()).isEqualTo(7);
        assertThat(l.takeSuppressed()).isZero();
        assertThat(l.admit(second)).isTrue();
        assertThat(l.admit(second + 1)).isTrue();
    }

    @Test
    void exitStatusNamesSignals() {
        assertThat(ExitStatus.describe(143)).isEqualTo("signal TERM");
        assertThat(ExitStatus.describe(137)).isEqualTo("signal KILL");
        assertThat(ExitStatus.describe(139)).isEqualTo("signal SEGV");
        assertThat(ExitStatus.describe(1)).isEqualTo("code 1");
    }
}
