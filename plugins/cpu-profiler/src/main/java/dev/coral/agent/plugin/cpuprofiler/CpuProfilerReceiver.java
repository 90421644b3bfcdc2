package dev.coral.agent.plugin.cpuprofiler;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Receiver;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Histogram;
import dev.coral.agent.plugin.cpuprofiler.capture.BpfSampler;
import dev.coral.agent.plugin.cpuprofiler.capture.CpuSampler;
import dev.coral.agent.plugin.cpuprofiler.capture.CpuSamplers;
import dev.coral.agent.plugin.cpuprofiler.capture.Drain;
import dev.coral.agent.plugin.cpuprofiler.capture.RawStack;
import dev.coral.agent.plugin.cpuprofiler.capture.RingBufferSampler;
import dev.coral.agent.plugin.cpuprofiler.capture.SyscallException;
import dev.coral.agent.plugin.cpuprofiler.capture.Syscalls;
import dev.coral.agent.plugin.cpuprofiler.config.CpuProfilerConfig;
import dev.coral.agent.plugin.cpuprofiler.symbols.Symbolizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every CPU and, once per cycle, drains the stacks, symbolizes them and sends them down
 * the profiles pipeline. Where the kernel refuses perf events the receiver says so once (log and
 * {@code /status}) and the agent runs on without profiles.
 */
final class CpuProfilerReceiver implements Receiver {
    private static final Logger LOG = LoggerFactory.getLogger(CpuProfilerReceiver.class);

    private final ComponentContext context;
    private final CpuProfilerConfig config;
    private final BatchConsumer<ProfileBatch> profiles;
    private final Counter samples;
    private final Counter lost;
    /** Drain + symbolize + hand-off of one cycle: the profiler's own cost in the agent, read by bench/profiler.sh. */
    private final Histogram cycleSeconds;
    private final Symbolizer symbolizer = new Symbolizer();
    private final ProcessNames names;
    private ScheduledExecutorService cycles;
    private CpuSampler sampler;

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
        this.names = new ProcessNames(Path.of("/proc"), config.services());
    }

    @Override
    public void start(Host host) {
        String mode;
        try {
            mode = open();
        } catch (SyscallException e) {
            String why = "disabled: " + e.getMessage();
            LOG.warn("cpu profiler {} id={}", why, context.id());
            context.status().report(Health.DEGRADED, why);
            return;
        }
        cycles = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("coral-cpu-profiler").daemon()
                .factory());
        long cycleMillis = config.cycle().toMillis();
        cycles.scheduleAtFixedRate(this::cycle, cycleMillis, cycleMillis, TimeUnit.MILLISECONDS);
        context.status().report(Health.OK, "sampling every CPU at " + config.frequencyHz() + " Hz (" + mode + ")");
        LOG.info("cpu profiler started id={} mode={} frequency_hz={} cycle={}", context.id(), mode,
                config.frequencyHz(), config.cycle());
    }

    private String open() {
        Syscalls syscalls = new Syscalls();
        return switch (config.mode()) {
            case AUTO -> {
                CpuSamplers.Opened opened = new CpuSamplers(syscalls).open(config.frequencyHz());
                sampler = opened.sampler();
                if (!opened.bpfRefusal().isEmpty()) {
                    LOG.info("cpu profiler without BPF id={} reason=\"{}\"", context.id(), opened.bpfRefusal());
                }
                yield opened.mode();
            }
            case BPF -> {
                sampler = new BpfSampler(syscalls, config.frequencyHz());
                yield "bpf";
            }
            case PERF -> {
                sampler = new RingBufferSampler(syscalls, config.frequencyHz());
                yield "perf-ring-buffer";
            }
        };
    }

    /** One cycle: drain, symbolize, send. A failure costs this cycle's stacks, not the profiler. */
    private void cycle() {
        long started = System.nanoTime();
        try {
            Drain drain = sampler.drain();
            lost.add(drain.lost());
            ProfileBatches batch = new ProfileBatches();
            for (RawStack stack : drain.stacks()) {
                batch.add(stack.pid(), names.serviceOf(stack.pid()),
                        symbolizer.symbolize(stack.pid(), stack.userIps(), stack.kernelIps()), stack.count());
            }
            symbolizer.evictExited();
            names.clear();
            if (batch.isEmpty()) {
                return;
            }
            samples.add(drain.samples());
            CompletionStage<Void> done = profiles.consume(batch.build(System.currentTimeMillis()));
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

    @Override
    public void shutdown(Deadline deadline) throws InterruptedException {
        if (cycles != null) {
            cycles.shutdownNow();
            cycles.awaitTermination(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (sampler != null) {
            sampler.close();
        }
    }
}
