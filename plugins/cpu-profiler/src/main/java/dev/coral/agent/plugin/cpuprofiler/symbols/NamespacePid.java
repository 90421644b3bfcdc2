package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pid a process knows itself by in its own pid namespace: a containerized JIT names its
 * files ({@code perf-<pid>.map}, {@code .java_pid<pid>}) by it, not by the host's pid.
 */
public final class NamespacePid {
    private NamespacePid() {
    }

    /** @return the last field of {@code NSpid:} in {@code <proc>/<pid>/status}, else {@code pid} */
    public static int of(Path proc, int pid) {
        try {
            for (String line : Files.readAllLines(proc.resolve(Integer.toString(pid)).resolve("status"))) {
                if (line.startsWith("NSpid:")) {
                    String[] fields = line.substring(6).strip().split("\\s+");
                    return Integer.parseInt(fields[fields.length - 1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or unreadable: the host pid is the best guess
        }
        return pid;
    }
}
