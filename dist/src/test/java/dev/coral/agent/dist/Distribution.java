package dev.coral.agent.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A built distribution, copied to a test's own directory, driven through bin/coral-agent. */
final class Distribution {
    /** What a finished command printed. */
    record Result(int exitCode, String stdout, String stderr) {}

    final Path home;

    private Distribution(Path home) {
        this.home = home;
    }

    /** Copies the distribution the build produced into {@code dir}/coral-agent. */
    static Distribution copyInto(Path dir) {
        Path built = Path.of(System.getProperty("coral.dist", "target/coral-agent")).toAbsolutePath();
        Path home = dir.resolve("coral-agent");
        copyTree(built, home);
        return new Distribution(home);
    }

    static Distribution at(Path home) {
        return new Distribution(home);
    }

    /** Where the test's agent keeps its data (CORAL_DATA_DIR). */
    Path dataDir() {
        return home.resolve("data");
    }

    /** The test's operator directory (CORAL_CONFIG_DIR), standing for /etc/coral-agent; absent until made. */
    Path operatorDir() {
        return home.resolve("operator");
    }

    Path launcher() {
        return home.resolve("bin").resolve("coral-agent");
    }

    Path writeConfig(String hocon) {
        try {
            Path conf = home.resolve("conf").resolve("pipelines.conf");
            Files.writeString(conf, hocon);
            return conf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to completion (bounded). */
    Result run(String... args) {
        return run(Map.of(), args);
    }

    Result run(Map<String, String> env, String... args) {
        try {
            Process p = start(env, args);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("coral-agent " + String.join(" ", args) + " did not finish in 120 s");
            }
            return new Result(p.exitValue(), read(home.resolve("stdout.log")), read(home.resolve("stderr.log")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts a command; its output goes to stdout.log and stderr.log in the distribution. */
    Process start(Map<String, String> env, String... args) {
        return startUnder(List.of(), env, args);
    }

    /** As {@link #start}, the launcher run by {@code wrapper} (say {@code setpriv} with its options). */
    Process startUnder(List<String> wrapper, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(wrapper);
        command.add(launcher().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile())
                .redirectOutput(home.resolve("stdout.log").toFile())
                .redirectError(home.resolve("stderr.log").toFile());
        pb.environment().remove("CORAL_HOME");
        // The test's own state: never the machine's /var/lib/coral-agent or /etc/coral-agent (a developer's agent).
        pb.environment().put("CORAL_DATA_DIR", dataDir().toString());
        pb.environment().put("CORAL_CONFIG_DIR", operatorDir().toString());
        // Never the default ports (the API, Beyla's): tests must not collide with an agent running on the machine.
        pb.environment().put("CORAL_API_LISTEN", "127.0.0.1:" + freePort());
        pb.environment().put("CORAL_BEYLA_GRPC_ENDPOINT", "127.0.0.1:" + freePort());
        pb.environment().put("CORAL_BEYLA_HTTP_ENDPOINT", "127.0.0.1:" + freePort());
        pb.environment().putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String stderr() {
        return read(home.resolve("stderr.log"));
    }

    /** Sends SIGTERM and waits; returns the exit code. */
    static int terminate(Process p, Duration timeout) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("agent did not stop within " + timeout + " of SIGTERM");
        }
        return p.exitValue();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory tree; nothing when it does not exist. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path out = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(out);
                } else {
                    Files.copy(p, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
