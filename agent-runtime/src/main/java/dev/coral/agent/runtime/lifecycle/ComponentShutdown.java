package dev.coral.agent.runtime.lifecycle;

import dev.coral.agent.api.Component;
import dev.coral.agent.api.Deadline;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a component's {@link Component#shutdown(Deadline)} on a thread of its own and waits for it
 * no longer than the deadline plus a short grace (for what a component releases without waiting
 * once its deadline has passed), so that a component that blocks cannot hold the agent's stop, or
 * a config reload, past {@code shutdown-timeout}. A component still running then is interrupted
 * and left behind on a daemon thread.
 */
final class ComponentShutdown {
    /** How a shutdown ended. */
    sealed interface Outcome {}

    /** It returned. */
    record Finished() implements Outcome {}

    /** It threw. */
    record Failed(Throwable error) implements Outcome {}

    /** It was still running when the wait ended. */
    record Unfinished() implements Outcome {}

    private final Duration grace;

    /** @param grace how long past the deadline a component may still take to return */
    ComponentShutdown(Duration grace) {
        this.grace = grace;
    }

    Outcome run(Component component, String threadName, Deadline deadline) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().name(threadName).daemon(true).start(() -> {
            try {
                component.shutdown(deadline);
                done.complete(null);
            } catch (Throwable e) { // whatever it is, it must reach the runtime rather than leave it waiting
                done.completeExceptionally(e);
            }
        });
        Duration wait = deadline.remaining().plus(grace);
        try {
            done.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return new Finished();
        } catch (ExecutionException e) {
            return new Failed(e.getCause());
        } catch (TimeoutException e) {
            thread.interrupt();
            return new Unfinished();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            return new Unfinished();
        }
    }
}
