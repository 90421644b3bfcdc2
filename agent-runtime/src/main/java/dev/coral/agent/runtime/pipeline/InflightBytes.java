package dev.coral.agent.runtime.pipeline;

import dev.coral.agent.api.InflightBudget;
import java.util.concurrent.atomic.AtomicLong;

/** The agent-wide bound on received-but-not-durable bytes ({@code agent.max-inflight}). */
public final class InflightBytes implements InflightBudget {
    private final long limit;
    private final AtomicLong inUse = new AtomicLong();

    public InflightBytes(long limit) {
        this.limit = limit;
    }

    @Override
    public boolean tryAcquire(long bytes) {
        while (true) {
            long current = inUse.get();
            // A single request larger than the whole bound still passes when nothing else is in
            // flight; receivers enforce their own request size limit.
            if (current > 0 && current + bytes > limit) {
                return false;
            }
            if (inUse.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    @Override
    public void release(long bytes) {
        inUse.addAndGet(-bytes);
    }

    @Override
    public long inUse() {
        return inUse.get();
    }

    @Override
    public long limit() {
        return limit;
    }
}
