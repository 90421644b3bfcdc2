package dev.coral.agent.support.testing;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.RefusedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A consumer standing in for a store: it keeps what it is given and says "durable" after a
 * simulated commit delay on another thread, as a group-committing store would. It can also
 * hold completions until released, or refuse.
 */
public final class CapturingConsumer<T> implements BatchConsumer<T>, AutoCloseable {
    private final List<T> durable = new CopyOnWriteArrayList<>();
    private final List<Pending<T>> held = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-store-commit");
        t.setDaemon(true);
        return t;
    });
    private volatile Duration commitDelay = Duration.ofMillis(5);
    private volatile boolean hold;
    private volatile RefusedException refusal;

    private record Pending<T>(T batch, CompletableFuture<Void> done) {}

    /** Batches made durable, in order. */
    public List<T> batches() {
        return durable;
    }

    /** From now on completions wait for {@link #releaseHeld()}. */
    public void hold(boolean hold) {
        this.hold = hold;
    }

    public int heldCount() {
        return held.size();
    }

    /** Makes every held batch durable. */
    public void releaseHeld() {
        List<Pending<T>> now = new ArrayList<>(held);
        held.removeAll(now);
        for (Pending<T> p : now) {
            durable.add(p.batch());
            p.done().complete(null);
        }
    }

    /** From now on every batch is refused with {@code r} (null to accept again). */
    public void refuseWith(RefusedException r) {
        this.refusal = r;
    }

    @Override
    public CompletionStage<Void> consume(T batch) {
        RefusedException r = refusal;
        if (r != null) {
            return CompletableFuture.failedFuture(r);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (hold) {
            held.add(new Pending<>(batch, done));
            return done;
        }
        committer.schedule(() -> {
            durable.add(batch);
            done.complete(null);
        }, commitDelay.toMillis(), TimeUnit.MILLISECONDS);
        return done;
    }

    @Override
    public void close() {
        committer.shutdownNow();
    }
}
