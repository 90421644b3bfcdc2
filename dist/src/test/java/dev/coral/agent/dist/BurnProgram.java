package dev.coral.agent.dist;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A C program that burns one CPU in {@code hot_a} for the seconds its argument says, built with gcc. */
final class BurnProgram {
    private static final String SOURCE = """
            #include <stdlib.h>
            #include <time.h>
            volatile unsigned long sink;
            static double now(void) {
              struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9;
            }
            __attribute__((noinline)) void hot_a(double until) { while (now() < until) sink++; }
            int main(int argc, char **argv) {
              double until = now() + atof(argv[1]);
              hot_a(until);
              return 0;
            }
            """;

    private BurnProgram() {}

    /** Compiles the program into {@code dir}; skips the test (saying why) where gcc is missing or fails. */
    static Path compile(Path dir) throws Exception {
        Path source = dir.resolve("burn.c");
        Files.writeString(source, SOURCE);
        Path program = dir.resolve("burn");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O1", "-fno-omit-frame-pointer", "-o", program.toString(),
                    source.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            System.out.println("SKIP: gcc not available: " + e.getMessage());
            assumeTrue(false, "gcc not available");
            throw e;
        }
        String output = new String(gcc.getInputStream().readAllBytes());
        assumeTrue(gcc.waitFor() == 0, () -> "SKIP: gcc failed: " + output);
        return program;
    }

    /** Starts the program burning for {@code seconds}. */
    static Process burn(Path program, int seconds) throws IOException {
        return new ProcessBuilder(program.toString(), Integer.toString(seconds)).start();
    }
}
