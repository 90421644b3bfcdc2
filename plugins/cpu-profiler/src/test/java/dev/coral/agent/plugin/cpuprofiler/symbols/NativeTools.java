package dev.coral.agent.plugin.cpuprofiler.symbols;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs gcc, readelf and strip for the tests; a test skips (with the reason printed) where they are missing. */
final class NativeTools {
    /** Spins in hot_a and hot_b per byte on stdin; prints their runtime addresses and an anonymous executable page. */
    static final String HOT_PROGRAM = """
            #include <stdio.h>
            #include <unistd.h>
            #include <sys/mman.h>
            volatile long sink;
            __attribute__((noinline)) void hot_a(long n) { for (long i = 0; i < n; i++) sink += i * i; }
            __attribute__((noinline)) void hot_b(long n) { for (long i = 0; i < n; i++) sink ^= i; }
            int main(void) {
                alarm(60); /* never outlive a broken test */
                void *jit = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                printf("%p %p %p\\n", (void *) hot_a, (void *) hot_b, jit);
                fflush(stdout);
                char c;
                while (read(0, &c, 1) > 0) { hot_a(1000); hot_b(1000); }
                return 0;
            }
            """;

    private NativeTools() {
    }

    static void assumeAvailable(String... tools) {
        for (String tool : tools) {
            boolean found = false;
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                found |= Files.isExecutable(Path.of(dir, tool));
            }
            if (!found) {
                System.out.println("SKIPPED: " + tool + " is not installed on this machine");
            }
            assumeTrue(found, tool + " is not installed on this machine");
        }
    }

    /** Compiles {@link #HOT_PROGRAM} with the given extra flags into {@code dir/name}. */
    static Path compileHotProgram(Path dir, String name, String... extraFlags) throws Exception {
        Path source = dir.resolve(name + ".c");
        Files.writeString(source, HOT_PROGRAM);
        Path binary = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("gcc", "-O1", "-fno-omit-frame-pointer", "-fPIE", "-pie"));
        command.addAll(List.of(extraFlags));
        command.addAll(List.of("-o", binary.toString(), source.toString()));
        run(command.toArray(String[]::new));
        return binary;
    }

    /** @return stdout of the command; fails the test when it exits non-zero */
    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    /** @return the value of a FUNC symbol in {@code readelf -sW} output */
    static long readelfFunction(Path binary, String name) throws Exception {
        for (String line : run("readelf", "-sW", binary.toString()).split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 8 && fields[3].equals("FUNC") && fields[7].equals(name)) {
                return Long.parseUnsignedLong(fields[1], 16);
            }
        }
        throw new AssertionError("readelf lists no function " + name + " in " + binary);
    }

    /** @return the build id {@code readelf -n} prints */
    static String readelfBuildId(Path binary) throws Exception {
        for (String line : run("readelf", "-n", binary.toString()).split("\n")) {
            if (line.strip().startsWith("Build ID:")) {
                return line.strip().substring("Build ID:".length()).strip();
            }
        }
        throw new AssertionError("readelf -n shows no build id for " + binary);
    }
}
