package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The perf maps of processes, reread when the file changed (JITs append as they compile).
 * Looked for inside the process's root ({@code /proc/<pid>/root/tmp/perf-<nspid>.map}, so a
 * containerized JIT that names the file by its namespace pid is found), then in our {@code /tmp}.
 * Not thread-safe.
 */
final class JitMaps {
    private final Path proc;
    private final Path tmp;
    private final Map<Integer, Loaded> byPid = new HashMap<>();
    /** Pids whose file was checked since {@link #newCycle()}: the drain runs after the cycle, so once is enough. */
    private final Set<Integer> checkedThisCycle = new HashSet<>();

    JitMaps(Path proc, Path tmp) {
        this.proc = proc;
        this.tmp = tmp;
    }

    /** @return the process's perf map, reread if its file changed (checked once per cycle) */
    PerfMap of(int pid) {
        Loaded cached = byPid.get(pid);
        if (!checkedThisCycle.add(pid)) {
            return cached != null ? cached.map : PerfMap.EMPTY;
        }
        for (Path file : candidates(pid)) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                Stamp stamp = new Stamp(file, attributes.size(), attributes.lastModifiedTime().toMillis());
                if (cached != null && cached.stamp.equals(stamp)) {
                    return cached.map;
                }
                Loaded loaded = new Loaded(stamp, PerfMap.read(file));
                byPid.put(pid, loaded);
                return loaded.map;
            } catch (IOException e) {
                // try the next place
            }
        }
        // The process may be gone: what we read while it lived still names its samples.
        return cached != null ? cached.map : PerfMap.EMPTY;
    }

    void forget(int pid) {
        byPid.remove(pid);
        checkedThisCycle.remove(pid);
    }

    /** Lets the next lookup of each pid look at its file again. */
    void newCycle() {
        checkedThisCycle.clear();
    }

    private Path[] candidates(int pid) {
        Path pidDir = proc.resolve(Integer.toString(pid));
        String name = "perf-" + NamespacePid.of(proc, pid) + ".map";
        return new Path[] {pidDir.resolve("root/tmp").resolve(name), tmp.resolve("perf-" + pid + ".map")};
    }

    private record Stamp(Path file, long size, long modifiedMillis) {
    }

    private record Loaded(Stamp stamp, PerfMap map) {
    }
}
