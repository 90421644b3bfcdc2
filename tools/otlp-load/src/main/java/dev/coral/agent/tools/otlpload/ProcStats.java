package dev.coral.agent.tools.otlpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the benchmarks read from Linux's {@code /proc}: a process's CPU time and resident set,
 * the load average, and the whole machine's CPU time (to tell how busy the other tenants of a
 * shared machine were while we measured).
 */
final class ProcStats {
    private ProcStats() {}

    /** User + system CPU time of every thread of {@code pid}, living or ended (ProcessHandle reads /proc/pid/stat). */
    static Duration cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration())
                .orElseThrow(() -> new IllegalStateException("no CPU time for pid " + pid + " (exited?)"));
    }

    /** This JVM's own CPU time (the load clients), nanoseconds. */
    static long selfCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** {@code VmRSS} of {@code pid}, KiB; -1 if the process is gone. */
    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip());
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The executable of {@code pid} ({@code /proc/pid/exe}), or "" if unreadable. */
    static String exe(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /**
     * CPU ticks (1/100 s) of the living threads of {@code pid}, summed by thread name with its
     * numbering removed ({@code grpc-default-worker-ELG-3-1} and {@code -3-2} are one group).
     * Threads that ended are missing: this attributes cost, {@link #cpu} measures it.
     */
    static java.util.Map<String, Long> ticksByThreadGroup(long pid) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close).replaceAll("[-@ ]?[0-9]+$", "").replaceAll("[-0-9]+$", "");
                    String[] f = stat.substring(close + 2).split(" ");
                    // after the name: state(0) ... utime(11) stime(12)
                    out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return out;
    }

    /** "writer 5.5 %, grpc 3.1 %, ..." : the biggest groups' share of one core between two {@link #ticksByThreadGroup} readings. */
    static String threadShare(java.util.Map<String, Long> before, java.util.Map<String, Long> after, double seconds, int top) {
        return after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .map(e -> String.format(java.util.Locale.ROOT, "%s %.1f %%", e.getKey(), e.getValue() / seconds))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The 1-minute load average. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** The machine's aggregate CPU counters, from the first line of {@code /proc/stat}, in clock ticks. */
    record MachineCpu(long busy, long idle, long steal) {
        static MachineCpu now() {
            try {
                String first = Files.readAllLines(Path.of("/proc/stat")).getFirst();
                String[] f = first.trim().split("\\s+");
                // cpu user nice system idle iowait irq softirq steal guest guest_nice
                long user = Long.parseLong(f[1]);
                long nice = Long.parseLong(f[2]);
                long system = Long.parseLong(f[3]);
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                long irq = Long.parseLong(f[6]);
                long softirq = Long.parseLong(f[7]);
                long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
                return new MachineCpu(user + nice + system + irq + softirq, idle, steal);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Cores busy (all processes) between {@code earlier} and this, over {@code seconds}; ticks are 1/100 s on Linux. */
        double busyCoresSince(MachineCpu earlier, double seconds) {
            return (busy - earlier.busy) / 100.0 / seconds;
        }

        double stealCoresSince(MachineCpu earlier, double seconds) {
            return (steal - earlier.steal) / 100.0 / seconds;
        }
    }
}
