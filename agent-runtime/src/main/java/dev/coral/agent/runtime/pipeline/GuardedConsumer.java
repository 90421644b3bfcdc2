package dev.coral.agent.runtime.pipeline;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentId;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.telemetry.Counter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a misbehaving component contained: an exception thrown by, or a null returned from,
 * a processor's or exporter's {@code consume} fails that batch only (the client gets an error),
 * is counted and logged (at most one line per component every few seconds), and the agent
 * keeps serving. Refusals the component meant ({@link RefusedException}) pass through as they are.
 */
final class GuardedConsumer<T> implements BatchConsumer<T> {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedConsumer.class);
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final BatchConsumer<T> delegate;
    private final ComponentKind kind;
    private final ComponentId id;
    private final Counter failures;
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    GuardedConsumer(BatchConsumer<T> delegate, ComponentKind kind, ComponentId id, Counter failures) {
        this.delegate = delegate;
        this.kind = kind;
        this.id = id;
        this.failures = failures;
    }

    @Override
    public CompletionStage<Void> consume(T batch) {
        CompletionStage<Void> stage;
        try {
            stage = delegate.consume(batch);
        } catch (RefusedException refused) {
            return CompletableFuture.failedFuture(refused);
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(fault(t));
        }
        if (stage == null) {
            return CompletableFuture.failedFuture(fault(new NullPointerException("consume returned null")));
        }
        CompletableFuture<Void> out = new CompletableFuture<>();
        stage.whenComplete((ok, error) -> {
            if (error == null) {
                out.complete(null);
            } else {
                Throwable cause = unwrap(error);
                out.completeExceptionally(cause instanceof RefusedException ? cause : fault(cause));
            }
        });
        return out;
    }

    private RefusedException fault(Throwable t) {
        failures.increment();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warn("component failed on a batch kind={} id={} failures_total={} error=\"{}\"", kind.word(), id,
                    failures.value(), t.toString(), t);
        }
        return RefusedException.failed(kind.word() + " " + id + " failed: " + t, t);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
