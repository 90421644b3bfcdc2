package dev.coral.agent.plugin.otlpexporter;

import com.google.protobuf.MessageLite;
import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.Exporter;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.plugin.otlpexporter.config.ExporterConfig;
import dev.coral.agent.plugin.otlpexporter.config.Protocol;
import dev.coral.agent.plugin.otlpexporter.queue.PersistentQueue;
import dev.coral.agent.plugin.otlpexporter.send.ExportedSignal;
import dev.coral.agent.plugin.otlpexporter.send.GrpcSender;
import dev.coral.agent.plugin.otlpexporter.send.HttpSender;
import dev.coral.agent.plugin.otlpexporter.send.RetryingSender;
import dev.coral.agent.plugin.otlpexporter.send.Sender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code otlp} / {@code otlphttp} exporter. With the sending queue (the default) a batch is
 * kept once it is fsynced in the queue, and {@link QueueSenders} send it on; without, a batch is
 * kept once the upstream took it.
 */
public final class OtlpExporter implements Exporter {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpExporter.class);

    private final ComponentContext context;
    private final ExporterConfig config;
    private final ExporterCounters counters;
    private volatile Sender sender;
    private volatile RetryingSender retrying;
    private volatile PersistentQueue queue;
    private volatile QueueSenders queueSenders;
    private volatile ExecutorService directSends;
    private volatile boolean degraded;

    public OtlpExporter(ComponentContext context, ExporterConfig config) {
        this.context = context;
        this.config = config;
        this.counters = new ExporterCounters(context.telemetry());
        context.telemetry().gauge("otelcol_exporter_queue_size",
                "Current size of the sending queue, in bytes of batches not yet sent.", Map.of(),
                () -> queue == null ? 0 : queue.size());
        context.telemetry().gauge("otelcol_exporter_queue_capacity",
                "Fixed capacity of the sending queue, in bytes (sending_queue.max_bytes).", Map.of(),
                () -> config.queue().enabled() ? config.queue().maxBytes() : 0);
    }

    /** Where the sending queue lives: {@code sending_queue.storage_dir}, else {@code <data-dir>/<id>/queue}. */
    Path queueDirectory() {
        return config.queue().storageDir()
                .orElse(context.dataDir().resolve(context.id().toString()).resolve("queue"));
    }

    @Override
    public <T> BatchConsumer<T> consumer(Signal<T> signal) {
        ExportedSignal exported = ExportedSignal.of(signal)
                .orElseThrow(() -> new IllegalArgumentException("the otlp exporter does not carry " + signal));
        return batch -> consume(exported, (MessageLite) batch);
    }

    private CompletionStage<Void> consume(ExportedSignal signal, MessageLite request) {
        long items = signal.countItems(request);
        if (items == 0) {
            return CompletableFuture.completedFuture(null);
        }
        PersistentQueue q = queue;
        if (config.queue().enabled()) {
            if (q == null) {
                return CompletableFuture.failedFuture(RefusedException.unavailable("the exporter is not running"));
            }
            return q.append(signal, items, request.toByteArray()).whenComplete((ok, error) -> {
                if (error != null) {
                    counters.enqueueFailed(signal, items);
                }
            });
        }
        ExecutorService direct = directSends;
        RetryingSender r = retrying;
        if (direct == null || r == null) {
            return CompletableFuture.failedFuture(RefusedException.unavailable("the exporter is not running"));
        }
        return CompletableFuture.supplyAsync(() -> r.send(signal, request.toByteArray()), direct)
                .thenApply(result -> {
                    if (!record(signal, items, result)) {
                        throw result instanceof RetryingSender.Result.Dropped d
                                ? RefusedException.failed("not exported: " + d.reason(), null)
                                : RefusedException.unavailable("the exporter is stopping");
                    }
                    return null;
                });
    }

    /** Counts and logs how a request ended; true when the upstream took it. */
    boolean record(ExportedSignal signal, long items, RetryingSender.Result result) {
        switch (result) {
            case RetryingSender.Result.Sent s -> {
                long rejected = s.outcome().partial().map(p -> Math.min(p.items(), items)).orElse(0L);
                counters.sent(signal, items - rejected);
                if (s.outcome().partial().isPresent()) {
                    counters.partialSuccess();
                    counters.sendFailed(signal, rejected);
                    LOG.warn("{}: partial success signal={} rejected={} of={} message=\"{}\"", context.id(),
                            signal.signalName(), rejected, items, s.outcome().partial().get().message());
                }
                if (degraded) {
                    degraded = false;
                    context.status().report(Health.OK, "sending to " + config.endpoint());
                }
                return true;
            }
            case RetryingSender.Result.Dropped d -> {
                counters.sendFailed(signal, items);
                LOG.warn("{}: export dropped signal={} items={} reason=\"{}\"", context.id(), signal.signalName(),
                        items, d.reason());
                return false;
            }
            case RetryingSender.Result.Stopped s -> {
                return false;
            }
        }
    }

    @Override
    public void start(Host host) throws Exception {
        context.status().report(Health.STARTING, "connecting to " + config.endpoint());
        sender = config.protocol() == Protocol.GRPC ? new GrpcSender(config) : new HttpSender(config);
        retrying = new RetryingSender(sender, config.retry(), (signal, reason, wait) -> {
            counters.retried();
            if (!degraded) {
                degraded = true;
                context.status().report(Health.DEGRADED, "upstream " + config.endpoint() + " failing: " + reason);
                LOG.warn("{}: upstream failing, retrying endpoint={} reason=\"{}\" wait_ms={}", context.id(),
                        config.endpoint(), reason, wait.toMillis());
            }
        });
        if (config.queue().enabled()) {
            Path dir = queueDirectory();
            long maxBytes = config.queue().maxBytes();
            queue = PersistentQueue.open(dir, maxBytes, config.queue().fullPolicy(),
                    PersistentQueue.segmentBytesFor(maxBytes), counters::dropped);
            queueSenders = new QueueSenders(context.id().toString(), queue, retrying, config.batch(), this::record,
                    counters);
            queueSenders.start(config.queue().numConsumers());
        } else {
            directSends = Executors.newVirtualThreadPerTaskExecutor();
        }
        LOG.info("{}: exporting to {} over {} tls={} compression={} queue={}", context.id(), config.endpoint(),
                config.protocol() == Protocol.GRPC ? "gRPC" : "HTTP", config.usesTls(), config.compression().word(),
                config.queue().enabled() ? queueDirectory() : "off");
        context.status().report(Health.OK, "sending to " + config.endpoint());
    }

    @Override
    public void shutdown(Deadline deadline) throws Exception {
        context.status().report(Health.STOPPING, "stopping");
        PersistentQueue q = queue;
        if (q != null) {
            q.close(min(deadline.remaining(), Duration.ofSeconds(5)));
        }
        if (retrying != null) {
            retrying.stop();
        }
        if (queueSenders != null) {
            queueSenders.join(min(deadline.remaining(), config.timeout()));
        }
        if (directSends != null) {
            directSends.shutdown();
            directSends.awaitTermination(min(deadline.remaining(), config.timeout()).toMillis(), TimeUnit.MILLISECONDS);
        }
        if (sender != null) {
            sender.close();
        }
        if (queueSenders != null) {
            queueSenders.join(min(deadline.remaining(), Duration.ofSeconds(1)));
        }
        context.status().report(Health.STOPPED, "stopped");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The sending queue, once started (tests). */
    PersistentQueue queue() {
        return queue;
    }
}
