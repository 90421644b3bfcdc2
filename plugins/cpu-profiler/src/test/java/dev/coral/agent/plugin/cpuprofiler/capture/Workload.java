package dev.coral.agent.plugin.cpuprofiler.capture;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The C test workload (src/test/resources/capture/workload.c), compiled with frame pointers. */
public final class Workload {
    private final Path executable;

    private Workload(Path executable) {
        this.executable = executable;
    }

    /** Compiles the workload into {@code dir}; skips the test when gcc is missing or fails. */
    public static Workload compile(Path dir) throws IOException, InterruptedException {
        Path source = dir.resolve("workload.c");
        try (InputStream in = Workload.class.getResourceAsStream("/capture/workload.c")) {
            Files.copy(in, source);
        }
        Path executable = dir.resolve("workload");
        Process gcc;
        try {
            gcc =
                    new ProcessBuilder(
                                    "gcc", "-O1", "-fno-omit-frame-pointer", "-o", executable.toString(), source.toString())
                            .redirectErrorStream(true)
                            .start();
        } catch (IOException e) {
            System.out.println("SKIP: gcc not available: " + e.getMessage());
            assumeTrue(false, "gcc not available");
            throw e;
        }
        String output = new String(gcc.getInputStream().readAllBytes());
        boolean compiled = gcc.waitFor() == 0;
        if (!compiled) {
            System.out.println("SKIP: gcc failed: " + output);
        }
        assumeTrue(compiled, "gcc failed: " + output);
        return new Workload(executable);
    }

    Path executable() {
        return executable;
    }

    /** Starts the workload in {@code mode} ("spin" or "syscalls") for {@code seconds}. */
    public Process start(String mode, double seconds) throws IOException {
        return new ProcessBuilder(executable.toString(), mode, Double.toString(seconds))
                .redirectErrorStream(true)
                .start();
    }

    /** The executable mappings of a live process ({@code r-xp} lines of its maps). */
    static List<Mapping> executableMappings(long pid) throws IOException {
        List<Mapping> mappings = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/maps"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields[1].contains("x")) {
                String[] range = fields[0].split("-");
                mappings.add(
                        new Mapping(
                                Long.parseUnsignedLong(range[0], 16),
                                Long.parseUnsignedLong(range[1], 16),
                                fields.length > 5 ? fields[5] : ""));
            }
        }
        return mappings;
    }

    /** CPU time used by a live process so far, in seconds (utime + stime of /proc/pid/stat). */
    public static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ", utime and stime are fields 14 and 15 of the whole line: 12 and 13 here.
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    /**
     * The [start, end) file addresses of a function of the workload, from {@code nm -S}; skips
     * the test when nm is missing.
     */
    long[] functionRange(String name) throws IOException, InterruptedException {
        Process nm =
                new ProcessBuilder("nm", "-S", "--defined-only", executable.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(nm.getInputStream().readAllBytes());
        assumeTrue(nm.waitFor() == 0, "nm failed: " + output);
        for (String line : output.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && f[3].equals(name)) {
                long start = Long.parseUnsignedLong(f[0], 16);
                return new long[] {start, start + Long.parseUnsignedLong(f[1], 16)};
            }
        }
        throw new IllegalStateException(name + " not in nm output: " + output);
    }

    /** Where the executable is loaded in a live process: the start of its offset-0 mapping. */
    long loadBias(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/maps"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 5 && f[5].equals(executable.toString()) && Long.parseLong(f[2], 16) == 0) {
                return Long.parseUnsignedLong(f[0].split("-")[0], 16);
            }
        }
        throw new IllegalStateException("workload not mapped in " + pid);
    }

    /** Samples whose user stack passes through the function at {@code range} (file addresses). */
    static long samplesIn(List<RawStack> stacks, long[] range, long bias) {
        return stacks.stream()
                .filter(s -> java.util.Arrays.stream(s.userIps()).anyMatch(ip -> ip - bias >= range[0] && ip - bias < range[1]))
                .mapToLong(RawStack::count)
                .sum();
    }

    /** One executable mapping. */
    record Mapping(long start, long end, String path) {
        boolean contains(long address) {
            return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
        }
    }
}
