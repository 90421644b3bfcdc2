package dev.coral.agent.plugin.cpuprofiler.jvm;

import dev.coral.agent.plugin.cpuprofiler.symbols.ProcessMaps;
import dev.coral.agent.plugin.cpuprofiler.symbols.Symbolizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once per cycle, before the cycle's stacks are symbolized, asks each opted-in JVM among the
 * sampled processes to write a fresh perf map ({@code jcmd Compiler.perfmap}, into the JVM's own
 * {@code /tmp/perf-<nspid>.map}, where the symbolizer looks), so code compiled since the last
 * cycle is named. A JVM is told from other processes by {@code libjvm.so} in its maps.
 *
 * <p>Bounded: each JVM gets {@code timeout}, all of them together {@code budget} per cycle; the
 * JVMs refreshed longest ago go first, so none starves when the budget runs out. A JVM that
 * refuses (no SIGQUIT handler, attach disabled, no such command) is logged once and not asked
 * again until it restarts: one that cannot open its attach listener prints a thread dump on every
 * SIGQUIT. A slow answer is logged once and tried again next cycle. Not thread-safe: the cycle
 * thread uses it.
 */
public final class JvmPerfMaps {
    private static final Logger LOG = LoggerFactory.getLogger(JvmPerfMaps.class);
    static final String COMMAND = "Compiler.perfmap";

    private final HotSpotAttach attach;
    private final Symbolizer symbolizer;
    private final IntPredicate optedIn;
    private final Duration timeout;
    private final Duration budget;
    /** Processes that refused: never asked again. */
    private final Set<ProcessId> refused = new HashSet<>();
    /** Processes whose failure or first success was logged. */
    private final Set<ProcessId> logged = new HashSet<>();
    /** When each process last wrote its map ({@code System.nanoTime()}): the oldest go first. */
    private final Map<ProcessId, Long> lastWritten = new HashMap<>();

    /**
     * @param optedIn whether a pid's service wants its JVMs attached to
     * @param timeout per JVM, for attaching and writing the map
     * @param budget  for all JVMs of one cycle
     */
    public JvmPerfMaps(HotSpotAttach attach, Symbolizer symbolizer, IntPredicate optedIn, Duration timeout,
            Duration budget) {
        this.attach = attach;
        this.symbolizer = symbolizer;
        this.optedIn = optedIn;
        this.timeout = timeout;
        this.budget = budget;
    }

    /**
     * Refreshes the perf maps of the opted-in JVMs among {@code pids}; never throws.
     *
     * @return how many JVMs wrote a fresh map
     */
    public int refresh(Collection<Integer> pids) {
        forgetExited();
        long deadline = System.nanoTime() + budget.toNanos();
        int written = 0;
        for (ProcessId jvm : jvmsToAsk(pids)) {
            if (System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
                break; // the rest first next cycle
            }
            long started = System.nanoTime();
            try {
                attach.jcmd(jvm.pid(), COMMAND, timeout);
                written++;
                lastWritten.put(jvm, System.nanoTime());
                if (logged.add(jvm)) {
                    LOG.info("jvm perf map written pid={} took_ms={}", jvm.pid(), (System.nanoTime() - started) / 1_000_000);
                }
            } catch (AttachException e) {
                if (Thread.currentThread().isInterrupted()) {
                    break; // shutting down: not the JVM's fault
                }
                lastWritten.put(jvm, System.nanoTime()); // behind the others next cycle
                if (!e.worthRetrying()) {
                    refused.add(jvm);
                }
                if (logged.add(jvm)) {
                    LOG.warn("jvm perf map not written pid={} asked_again={} reason=\"{}\"", jvm.pid(), e.worthRetrying(),
                            e.getMessage());
                }
            }
        }
        return written;
    }

    /** The opted-in JVMs among the pids that did not refuse, least recently written first. */
    private List<ProcessId> jvmsToAsk(Collection<Integer> pids) {
        List<ProcessId> jvms = new ArrayList<>();
        for (int pid : pids) {
            if (!optedIn.test(pid)) {
                continue; // first: nothing is read for services that did not opt in
            }
            Optional<ProcessMaps> maps = symbolizer.maps(pid);
            if (maps.isPresent() && isJvm(maps.get())) {
                ProcessId jvm = new ProcessId(pid, maps.get().startTime());
                if (!refused.contains(jvm)) {
                    jvms.add(jvm);
                }
            }
        }
        jvms.sort(Comparator.comparingLong(jvm -> lastWritten.getOrDefault(jvm, Long.MIN_VALUE)));
        return jvms;
    }

    private void forgetExited() {
        refused.removeIf(ProcessId::gone);
        logged.removeIf(ProcessId::gone);
        lastWritten.keySet().removeIf(ProcessId::gone);
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
