package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Notices processes soon after they start and has the {@link Symbolizer} read their maps while
 * they live, so one that exits before its cycle's drain (in BPF mode the agent learns of pids only
 * then) still gets its frames named. Each {@link #scan()} lists the pids in {@code /proc} and reads
 * the maps of the new ones only, and of those new in the previous scan once more (a fork seen
 * before its exec, libraries loaded after start). Processes running when the first scan is made
 * are not read ahead: they are read on their first sample, as without this watcher.
 *
 * <p>Why a {@code /proc} scan rather than perf {@code task}/{@code comm} records: it needs no
 * perf event, no ring buffers and no privilege, works the same in both capture modes, and costs
 * one directory listing a second (measured in the tests: well under a millisecond for a hundred
 * processes). It misses processes that live less than the scan interval; those keep
 * {@code [unknown]} frames. Not thread-safe: run it on the thread that symbolizes.
 */
public final class NewProcesses {
    private final Path proc;
    private final Symbolizer symbolizer;
    private Set<Integer> known;
    /** New in the previous scan: read again in this one. */
    private Set<Integer> young = Set.of();

    public NewProcesses(Path proc, Symbolizer symbolizer) {
        this.proc = proc;
        this.symbolizer = symbolizer;
    }

    /**
     * Lists the processes and reads the maps of those not seen before.
     *
     * @return how many processes' maps were read
     */
    public int scan() {
        Set<Integer> now = pids();
        if (known == null) {
            known = now; // running before the profiler started: read on their first sample
            return 0;
        }
        int read = 0;
        for (int pid : young) {
            if (now.contains(pid)) {
                symbolizer.prefetch(pid);
                read++;
            }
        }
        Set<Integer> fresh = new HashSet<>();
        for (int pid : now) {
            if (!known.contains(pid)) {
                fresh.add(pid);
                symbolizer.prefetch(pid);
                read++;
            }
        }
        known = now;
        young = fresh;
        return read;
    }

    private Set<Integer> pids() {
        // File.list: names only, no Path per entry (this runs every second).
        String[] names = proc.toFile().list();
        if (names == null) {
            return known == null ? Set.of() : known; // keep the last view; the next scan tries again
        }
        Set<Integer> pids = new HashSet<>(names.length * 2);
        for (String name : names) {
            if (!name.isEmpty() && name.charAt(0) >= '0' && name.charAt(0) <= '9') {
                try {
                    pids.add(Integer.parseInt(name));
                } catch (NumberFormatException e) {
                    // not a pid directory
                }
            }
        }
        return pids;
    }
}
