package dev.coral.agent.plugin.sysmetrics;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.InflightLedger;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Receiver;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.api.telemetry.Counter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sysmetrics} receiver: a poller, not a socket. One daemon thread samples the host
 * at a fixed rate (the first sample at start) and hands each sample to the metrics pipeline
 * without waiting for it to be stored: a slow store must not shift the sampling clock, and a
 * refused sample is counted and dropped (the next one carries the same cumulative counters).
 */
final class SysmetricsReceiver implements Receiver {
    private static final Logger LOG = LoggerFactory.getLogger(SysmetricsReceiver.class);
    /** How long shutdown waits for a sample in progress; a sample takes milliseconds. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    /** Opens the scrapers; called on the sampling thread, so OSHI's set-up never delays start. */
    @FunctionalInterface
    interface ScraperSource {
        List<Scraper> open(SysmetricsConfig config) throws Exception;
    }

    private final ComponentContext context;
    private final SysmetricsConfig config;
    private final Outputs outputs;
    private final ScraperSource source;
    private final ProblemLog problems;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    private final Counter samples;
    private final Counter sampleCpuMicros;
    private final Counter acceptedPoints;
    private final Counter refusedPoints;
    private final Counter refusedBatches;
    private final AtomicBoolean refusing = new AtomicBoolean();
    private volatile double lastSampleCpuSeconds;
    private volatile double lastSampleSeconds;

    private volatile boolean stopping;
    private ScheduledExecutorService executor;
    private BatchConsumer<ExportMetricsServiceRequest> consumer;

    // Touched by the sampling thread only.
    private HostSampler sampler;
    private String reportedStatus = "";
    /** System.nanoTime() when the latest sample's time was taken; 0 before the first. */
    private long lastSampleNanos;

    SysmetricsReceiver(ComponentContext context, SysmetricsConfig config, Outputs outputs, ScraperSource source) {
        this.context = context;
        this.config = config;
        this.outputs = outputs;
        this.source = source;
        this.problems = new ProblemLog(context.id().toString());
        var t = context.telemetry();
        samples = t.counter("coral_receiver_sysmetrics_samples", "Host samples taken.");
        sampleCpuMicros = t.counter("coral_receiver_sysmetrics_sample_cpu_microseconds",
                "CPU time the sampling thread spent taking samples (scrape and encode, not the pipeline).");
        acceptedPoints = t.counter("otelcol_receiver_accepted_metric_points",
                "Number of metric points successfully pushed into the pipeline.");
        refusedPoints = t.counter("otelcol_receiver_refused_metric_points",
                "Number of metric points that could not be pushed into the pipeline.");
        refusedBatches = t.counter("coral_receiver_sysmetrics_refused_batches",
                "Samples the pipeline refused (or the in-flight bound turned away); they are dropped.");
        t.gauge("coral_receiver_sysmetrics_last_sample_cpu_seconds",
                "CPU time of the latest sample on the sampling thread.", Map.of(), () -> lastSampleCpuSeconds);
        t.gauge("coral_receiver_sysmetrics_last_sample_seconds",
                "Wall time of the latest sample.", Map.of(), () -> lastSampleSeconds);
    }

    @Override
    public void start(Host host) {
        Optional<BatchConsumer<ExportMetricsServiceRequest>> metrics = outputs.get(Signal.METRICS);
        if (metrics.isEmpty()) {
            LOG.warn("sysmetrics receiver is in no metrics pipeline, not sampling receiver={}", context.id());
            context.status().report(Health.OK, "idle: in no metrics pipeline");
            return;
        }
        consumer = metrics.get();
        // A platform thread, not a virtual one: OSHI's JNA calls would pin a carrier anyway, and
        // one thread per receiver costs nothing. Daemon, so it never holds the JVM open.
        executor = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("sysmetrics-" + context.id()).unstarted(r));
        // Fixed rate keeps samples on a regular grid; a late sample does not overlap the next.
        executor.scheduleAtFixedRate(this::tick, 0, config.interval().toNanos(), TimeUnit.NANOSECONDS);
        LOG.info("sysmetrics receiver started receiver={} interval={} scrapers={} deltas={}", context.id(),
                config.intervalText(), config.scrapers().stream().map(ScraperKind::key).sorted()
                        .collect(Collectors.joining(",")), config.deltas());
    }

    /** One sampling round; never throws, or the executor would cancel every later round. */
    private void tick() {
        if (stopping) {
            return;
        }
        // After a stall (a suspended VM, a stopped process) or a slow sample (the first one
        // loads OSHI), a fixed-rate schedule fires the missed rounds at once. A round closer
        // than half an interval to the previous sample is skipped: no burst after a stall, and
        // no delta over a sliver of time, whose rate (delta / interval) would be wrong.
        if (lastSampleNanos != 0 && System.nanoTime() - lastSampleNanos < config.interval().toNanos() / 2) {
            return;
        }
        try {
            ExportMetricsServiceRequest request = sample();
            if (request != null && !stopping) {
                send(request, sampler.lastPoints());
            }
        } catch (RuntimeException | LinkageError e) {
            // A bug outside any scraper (building the request, a consumer that throws): logged
            // once like a scraper failure, and the next round tries again.
            problems.failed("sampler", e);
            status(Health.FAILED, "sampling failed: " + ProblemLog.describe(e));
        }
    }

    private ExportMetricsServiceRequest sample() {
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long wallBefore = System.nanoTime();
        if (sampler == null) {
            try {
                sampler = new HostSampler(source.open(config), HostResource.detect(), context.agent().version(),
                        toNanos(context.agent().startedAt()), config.deltas(), problems, context.telemetry());
            } catch (Exception | LinkageError e) {
                problems.failed("sampler", e);
                status(Health.FAILED, "cannot read the host: " + ProblemLog.describe(e));
                return null; // tried again next round
            }
        }
        lastSampleNanos = System.nanoTime();
        ExportMetricsServiceRequest request = sampler.sample(toNanos(Instant.now()));
        problems.succeeded("sampler");
        long cpuAfter = threads.getCurrentThreadCpuTime();
        samples.increment();
        lastSampleSeconds = (System.nanoTime() - wallBefore) / 1e9;
        if (cpuBefore >= 0 && cpuAfter >= 0) { // -1: the JVM cannot measure thread CPU time here
            sampleCpuMicros.add((cpuAfter - cpuBefore) / 1000);
            lastSampleCpuSeconds = (cpuAfter - cpuBefore) / 1e9;
        }
        Map<String, String> failing = sampler.failingScrapers();
        if (failing.isEmpty()) {
            status(Health.OK, "sampling every " + config.intervalText());
        } else {
            status(Health.DEGRADED, "failing: " + failing.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")));
        }
        return request;
    }

    /** Hands the sample over and returns at once; the outcome is only counted. */
    private void send(ExportMetricsServiceRequest request, int points) {
        InflightLedger.Ticket ticket;
        try {
            ticket = context.inflight().reserve(request.getSerializedSize());
        } catch (RefusedException e) {
            refused(points, e);
            return;
        }
        CompletionStage<Void> done;
        try {
            done = consumer.consume(request);
        } catch (RuntimeException e) {
            ticket.close();
            refused(points, e);
            return;
        }
        done.whenComplete((ok, error) -> {
            ticket.close();
            if (error == null) {
                acceptedPoints.add(points);
                if (refusing.compareAndSet(true, false)) {
                    LOG.info("sysmetrics samples accepted again receiver={}", context.id());
                }
            } else {
                refused(points, error);
            }
        });
    }

    private void refused(int points, Throwable error) {
        refusedBatches.increment();
        refusedPoints.add(points);
        if (refusing.compareAndSet(false, true)) {
            RefusedException r = RefusedException.of(error);
            LOG.warn("sysmetrics sample refused by the pipeline, dropping samples until one is accepted "
                    + "receiver={} reason={} error=\"{}\"", context.id(), r.reason(), r.getMessage());
        }
    }

    /**
     * Reports health when it changes; a problem also every round, since the runtime's own
     * "started" report may land after the first round's and must not hide it.
     */
    private void status(Health health, String message) {
        String key = health + " " + message;
        if (!key.equals(reportedStatus) || health != Health.OK) {
            reportedStatus = key;
            context.status().report(health, message);
        }
    }

    @Override
    public void shutdown() throws InterruptedException {
        stopping = true;
        ScheduledExecutorService e = executor;
        if (e == null) {
            return;
        }
        e.shutdown(); // cancels later rounds; a round in progress finishes and sends nothing more
        try {
            if (!e.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("sysmetrics sample still running at shutdown, interrupting receiver={}", context.id());
                e.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            e.shutdownNow();
            throw interrupted;
        }
        LOG.debug("sysmetrics receiver stopped receiver={} samples={}", context.id(), samples.value());
    }

    static long toNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
