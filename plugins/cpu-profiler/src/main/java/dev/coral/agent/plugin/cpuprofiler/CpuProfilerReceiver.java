package dev.coral.agent.plugin.cpuprofiler;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Receiver;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.api.profile.CpuProfiling;
import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.api.query.ProcessServices;
import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Histogram;
import dev.coral.agent.plugin.cpuprofiler.capture.CpuSampler;
import dev.coral.agent.plugin.cpuprofiler.capture.CpuSamplers;
import dev.coral.agent.plugin.cpuprofiler.capture.Drain;
import dev.coral.agent.plugin.cpuprofiler.capture.SyscallException;
import dev.coral.agent.plugin.cpuprofiler.capture.Syscalls;
import dev.coral.agent.plugin.cpuprofiler.config.CpuProfilerConfig;
import dev.coral.agent.plugin.cpuprofiler.jvm.HotSpotAttach;
import dev.coral.agent.plugin.cpuprofiler.jvm.JvmPerfMaps;
import dev.coral.agent.plugin.cpuprofiler.symbols.NewProcesses;
import dev.coral.agent.plugin.cpuprofiler.symbols.Symbolizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every CPU and, once per cycle, drains the stacks, symbolizes them and sends them down
 * the profiles pipeline; offers on-demand profiles ({@link CpuProfiling}) to the Agent API. Where
 * the kernel refuses perf events the receiver says so once (log and {@code /status}) and the
 * agent runs on without profiles.
 */
final class CpuProfilerReceiver implements Receiver {
    private static final Logger LOG = LoggerFactory.getLogger(CpuProfilerReceiver.class);
    private static final Path PROC = Path.of("/proc");
    /** How often {@code /proc} is listed for new processes (their maps are read while they live). */
    private static final Duration NEW_PROCESS_SCAN = Duration.ofSeconds(1);
    /** Per JVM and cycle, for attaching and writing its perf map (all JVMs together: half the cycle). */
    private static final Duration JVM_ATTACH_TIMEOUT = Duration.ofSeconds(2);

    private final ComponentContext context;
    private final CpuProfilerConfig config;
    private final BatchConsumer<ProfileBatch> profiles;
    private final Counter samples;
    private final Counter lost;
    /** Drain + symbolize + hand-off of one cycle: the profiler's own cost in the agent, read by bench/profiler.sh. */
    private final Histogram cycleSeconds;
    private final SamplerOpener opener;
    private final Symbolizer symbolizer = new Symbolizer();
    private final StackNaming naming;
    private final OnDemandProfiler onDemand;
    private volatile Host host;
    private ScheduledExecutorService profilerThread;
    private CpuSampler sampler;
    private JvmPerfMaps jvmPerfMaps;

    CpuProfilerReceiver(ComponentContext context, CpuProfilerConfig config, Outputs outputs) {
        this.context = context;
        this.config = config;
        this.profiles = outputs.get(Signal.PROFILES)
                .orElseThrow(() -> new IllegalStateException("no profiles pipeline names " + context.id()));
        this.samples = context.telemetry().counter("coral_profiler_samples", "CPU samples taken and sent on");
        this.lost = context.telemetry().counter("coral_profiler_lost_samples",
                "CPU samples the kernel dropped (ring buffer or map full)");
        this.cycleSeconds = context.telemetry().histogram("coral_profiler_cycle_seconds",
                "Time to drain, symbolize and send one cycle's stacks", Map.of(),
                List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5));
        this.opener = new SamplerOpener(config.mode());
        this.naming = new StackNaming(symbolizer, new ProcessNames(PROC, config.services()), this::spanServices);
        this.onDemand = new OnDemandProfiler(opener, PROC);
    }

    @Override
    public void start(Host host) {
        this.host = host;
        CpuSamplers.Opened opened;
        try {
            opened = opener.open(config.frequencyHz());
        } catch (SyscallException e) {
            String why = "disabled: " + e.getMessage();
            LOG.warn("cpu profiler {} id={}", why, context.id());
            context.status().report(Health.DEGRADED, why);
            onDemand.refused(why);
            return;
        }
        sampler = opened.sampler();
        if (!opened.bpfRefusal().isEmpty()) {
            LOG.info("cpu profiler without BPF id={} reason=\"{}\"", context.id(), opened.bpfRefusal());
        }
        profilerThread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("coral-cpu-profiler").daemon().factory());
        startLifetimeAndJitHelpers(); // before the first cycle is scheduled, which uses them
        long cycleMillis = config.cycle().toMillis();
        profilerThread.scheduleAtFixedRate(this::cycle, cycleMillis, cycleMillis, TimeUnit.MILLISECONDS);
        onDemand.started(profilerThread, naming, drain -> jvmPerfMaps.refresh(pidsOf(drain)));
        context.status().report(Health.OK,
                "sampling every CPU at " + config.frequencyHz() + " Hz (" + opened.mode() + ")");
        LOG.info("cpu profiler started id={} mode={} frequency_hz={} cycle={}", context.id(), opened.mode(),
                config.frequencyHz(), config.cycle());
    }

    /**
     * On the profiler thread (the symbolizer is single-threaded): new processes' maps are read within
     * a second of their start, and opted-in JVMs write a fresh perf map before each cycle symbolizes.
     */
    private void startLifetimeAndJitHelpers() {
        NewProcesses newProcesses = new NewProcesses(PROC, symbolizer);
        profilerThread.scheduleWithFixedDelay(() -> {
            try {
                newProcesses.scan();
            } catch (RuntimeException e) {
                LOG.debug("new process scan failed id={} error=\"{}\"", context.id(), e.toString());
            }
        }, 0, NEW_PROCESS_SCAN.toMillis(), TimeUnit.MILLISECONDS);
        jvmPerfMaps = new JvmPerfMaps(new HotSpotAttach(new Syscalls()), symbolizer,
                pid -> config.jvmPerfMapFor(naming.serviceOf(pid)), JVM_ATTACH_TIMEOUT, config.cycle().dividedBy(2));
    }

    /** The processes with user-space stacks in a drain: the candidates for a JVM perf map. */
    private static Set<Integer> pidsOf(Drain drain) {
        Set<Integer> pids = new LinkedHashSet<>();
        drain.stacks().stream().filter(stack -> stack.userIps().length > 0).forEach(stack -> pids.add(stack.pid()));
        return pids;
    }

    @Override
    public <Q> Optional<Q> capability(Class<Q> type) {
        return type == CpuProfiling.class ? Optional.of(type.cast(onDemand)) : Optional.empty();
    }

    /** One cycle: drain, symbolize, send. A failure costs this cycle's stacks, not the profiler. */
    private void cycle() {
        long started = System.nanoTime();
        try {
            Drain drain = sampler.drain();
            lost.add(drain.lost());
            naming.refreshSpanServices();
            jvmPerfMaps.refresh(pidsOf(drain));
            ProfileBatch batch = naming.batch(drain, pid -> true, System.currentTimeMillis());
            naming.endCycle();
            if (batch == null) {
                return;
            }
            samples.add(drain.samples());
            CompletionStage<Void> done = profiles.consume(batch);
            done.whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.warn("cpu profile cycle not kept id={} error=\"{}\"", context.id(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("cpu profile cycle failed id={} error=\"{}\"", context.id(), e.toString());
        } finally {
            cycleSeconds.record((System.nanoTime() - started) / 1e9);
        }
    }

    /** What the stores learnt from spans: {@code process.pid} → {@code service.name}. */
    private Map<Integer, String> spanServices() {
        List<ProcessServices> sources = host == null ? List.of() : host.capabilities(ProcessServices.class);
        if (sources.size() == 1) {
            return sources.getFirst().servicesByPid();
        }
        Map<Integer, String> all = new HashMap<>();
        sources.forEach(s -> all.putAll(s.servicesByPid()));
        return all;
    }

    @Override
    public void shutdown(Deadline deadline) throws InterruptedException {
        onDemand.stopped();
        if (profilerThread != null) {
            profilerThread.shutdownNow();
            profilerThread.awaitTermination(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (sampler != null) {
            sampler.close();
        }
    }
}
