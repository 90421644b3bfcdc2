package dev.coral.agent.plugin.cpuprofiler.symbols;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JIT-compiled program from the test resources ({@code jit/HotJava.java} on a JVM,
 * {@code jit/hot.js} on Node) spinning in its hot function until closed. Removes the perf map
 * it leaves in /tmp.
 */
public final class JitProcess implements AutoCloseable {
    /** The process name ({@code comm}) of {@link #java} processes. */
    public static final String JAVA_COMM = "coral-hotjava";

    private final Process process;

    private JitProcess(Process process) throws Exception {
        this.process = process;
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("ready")) {
            process.destroyForcibly();
            throw new AssertionError("the program did not start: " + line);
        }
        Thread.ofPlatform().daemon().start(() -> drainQuietly(process.getInputStream()));
    }

    /**
     * Runs {@code HotJava.java} (source launcher) on this JDK's {@code java}, with frame pointers
     * kept in compiled code so stacks walk, and {@code hotJavaMethod} never inlined.
     */
    public static JitProcess java(Path dir, String... extraOptions) throws Exception {
        Path source = copyResource(dir, "HotJava.java");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            System.out.println("SKIP: no java launcher at " + java);
        }
        assumeTrue(Files.isExecutable(java), "no java launcher at " + java);
        // Started through a link named COMM, so its process name tells it from every other JVM on the host.
        Path launcher = dir.resolve(JAVA_COMM);
        Files.deleteIfExists(launcher);
        Files.createSymbolicLink(launcher, java);
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "-XX:+PreserveFramePointer",
                "-XX:CompileCommand=quiet", "-XX:CompileCommand=dontinline,HotJava::hotJavaMethod"));
        command.addAll(List.of(extraOptions));
        command.add(source.toString());
        return new JitProcess(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start());
    }

    /** Runs {@code hot.js} with {@code node --perf-basic-prof}; skips where node is missing. */
    public static JitProcess node(Path dir) throws Exception {
        NativeTools.assumeAvailable("node");
        Path script = copyResource(dir, "hot.js");
        return new JitProcess(new ProcessBuilder("node", "--perf-basic-prof", script.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start());
    }

    public int pid() {
        return (int) process.pid();
    }

    /** Ends the program (EOF on its stdin, else killed) and removes its perf map. */
    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(Path.of("/tmp/perf-" + pid() + ".map"));
    }

    private static Path copyResource(Path dir, String name) throws Exception {
        Path target = dir.resolve(name);
        try (InputStream in = JitProcess.class.getResourceAsStream("/jit/" + name)) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static void drainQuietly(InputStream in) {
        try {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            // the process ended
        }
    }
}
