package dev.coral.agent.plugin.cpuprofiler.jvm;

import dev.coral.agent.plugin.cpuprofiler.symbols.ProcessMaps;
import dev.coral.agent.plugin.cpuprofiler.symbols.Symbolizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once per cycle, before the cycle's stacks are symbolized, asks each opted-in JVM among the
 * sampled processes to write a fresh perf map ({@code jcmd Compiler.perfmap}, into the JVM's own
 * {@code /tmp/perf-<nspid>.map}, where the symbolizer looks), so code compiled since the last
 * cycle is named. A JVM is told from other processes by {@code libjvm.so} in its maps. A JVM
 * that fails once is logged once and not asked again until it restarts: a JVM that cannot open
 * its attach listener would print a thread dump on every further SIGQUIT. Not thread-safe: the
 * cycle thread uses it.
 */
public final class JvmPerfMaps {
    private static final Logger LOG = LoggerFactory.getLogger(JvmPerfMaps.class);
    static final String COMMAND = "Compiler.perfmap";

    private final HotSpotAttach attach;
    private final Symbolizer symbolizer;
    private final IntPredicate optedIn;
    private final Duration timeout;
    /** Processes (pid and start time) that failed: not asked again. */
    private final Set<ProcessId> failed = new HashSet<>();
    /** Processes that answered at least once: their first success is logged. */
    private final Set<ProcessId> answered = new HashSet<>();

    /**
     * @param optedIn whether a pid's service wants its JVMs attached to
     * @param timeout per JVM, for attaching and writing the map
     */
    public JvmPerfMaps(HotSpotAttach attach, Symbolizer symbolizer, IntPredicate optedIn, Duration timeout) {
        this.attach = attach;
        this.symbolizer = symbolizer;
        this.optedIn = optedIn;
        this.timeout = timeout;
    }

    /**
     * Refreshes the perf maps of the opted-in JVMs among {@code pids}; never throws.
     *
     * @return how many JVMs wrote a fresh map
     */
    public int refresh(Collection<Integer> pids) {
        failed.removeIf(ProcessId::gone);
        answered.removeIf(ProcessId::gone);
        int refreshed = 0;
        for (int pid : pids) {
            if (!optedIn.test(pid)) {
                continue; // first: nothing is read for services that did not opt in
            }
            Optional<ProcessMaps> maps = symbolizer.maps(pid);
            if (maps.isEmpty() || !isJvm(maps.get())) {
                continue;
            }
            ProcessId process = new ProcessId(pid, maps.get().startTime());
            if (failed.contains(process)) {
                continue;
            }
            long started = System.nanoTime();
            try {
                attach.jcmd(pid, COMMAND, timeout);
                refreshed++;
                if (answered.add(process)) {
                    LOG.info("jvm perf map written pid={} took_ms={}", pid, (System.nanoTime() - started) / 1_000_000);
                }
            } catch (AttachException e) {
                failed.add(process);
                LOG.warn("jvm perf map not written, not asked again pid={} reason=\"{}\"", pid, e.getMessage());
            } catch (RuntimeException e) {
                failed.add(process);
                LOG.warn("jvm perf map failed, not asked again pid={} error=\"{}\"", pid, e.toString());
            }
        }
        return refreshed;
    }

    /** A HotSpot JVM maps its {@code libjvm.so}; a process with a JVM embedded (JNI invocation) does too. */
    static boolean isJvm(ProcessMaps maps) {
        return maps.mappings().stream().anyMatch(m -> m.isExecutable() && m.fileName().equals("libjvm.so"));
    }

    private record ProcessId(int pid, long startTime) {
        boolean gone() {
            return !Files.isDirectory(Path.of("/proc", Integer.toString(pid)));
        }
    }
}
