package dev.coral.agent.plugin.otlpexporter.send;

import dev.coral.agent.plugin.otlpexporter.config.RetrySettings;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request until the upstream took it, refused it for good, or {@code max_elapsed_time}
 * passed; retryable failures wait as {@link Backoff} says. Stopping (shutdown) ends the waits at
 * once: the request is then left to the sending queue, which sends it again after a restart.
 */
public final class RetryingSender {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingSender.class);

    /** How a request ended after its attempts. */
    public sealed interface Result {
        /** The last attempt's acceptance. */
        record Sent(SendOutcome.Accepted outcome) implements Result {}

        /** Dropped: refused for good, or retries exhausted. */
        record Dropped(String reason) implements Result {}

        /** The exporter is stopping; the request was not sent. */
        record Stopped() implements Result {}
    }

    /** Told about each retry, for counters. */
    @FunctionalInterface
    public interface RetryListener {
        void retrying(ExportedSignal signal, String reason, Duration wait);
    }

    private final Sender sender;
    private final RetrySettings settings;
    private final RetryListener listener;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public RetryingSender(Sender sender, RetrySettings settings, RetryListener listener) {
        this.sender = sender;
        this.settings = settings;
        this.listener = listener;
    }

    public Result send(ExportedSignal signal, byte[] request) {
        long start = System.nanoTime();
        Backoff backoff = new Backoff(settings, () -> ThreadLocalRandom.current().nextDouble());
        while (true) {
            if (stopped.getCount() == 0) {
                return new Result.Stopped();
            }
            SendOutcome outcome = sender.send(signal, request);
            switch (outcome) {
                case SendOutcome.Accepted a -> {
                    return new Result.Sent(a);
                }
                case SendOutcome.Permanent p -> {
                    return new Result.Dropped(p.reason() + " (not retryable)");
                }
                case SendOutcome.Retryable r -> {
                    if (!settings.enabled()) {
                        return new Result.Dropped(r.reason() + " (retry_on_failure disabled)");
                    }
                    Duration wait = backoff.next(r.retryAfter());
                    long elapsed = System.nanoTime() - start;
                    if (!settings.maxElapsedTime().isZero()
                            && elapsed + wait.toNanos() > settings.maxElapsedTime().toNanos()) {
                        return new Result.Dropped(r.reason() + " (no success within max_elapsed_time "
                                + settings.maxElapsedTime() + ")");
                    }
                    LOG.debug("retrying signal={} reason=\"{}\" wait_ms={}", signal.signalName(), r.reason(),
                            wait.toMillis());
                    listener.retrying(signal, r.reason(), wait);
                    try {
                        if (stopped.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                            return new Result.Stopped();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new Result.Stopped();
                    }
                }
            }
        }
    }

    /** Ends every wait between attempts; later calls return {@link Result.Stopped} before sending. */
    public void stop() {
        stopped.countDown();
    }
}
