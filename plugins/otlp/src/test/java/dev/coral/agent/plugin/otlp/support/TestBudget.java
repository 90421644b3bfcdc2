package dev.coral.agent.plugin.otlp.support;

import dev.coral.agent.api.InflightBudget;
import java.util.concurrent.atomic.AtomicLong;

/** An in-flight budget with a settable limit. */
public final class TestBudget implements InflightBudget {
    private final AtomicLong used = new AtomicLong();
    private volatile long limit;

    public TestBudget(long limit) {
        this.limit = limit;
    }

    public void setLimit(long limit) {
        this.limit = limit;
    }

    @Override
    public boolean tryAcquire(long bytes) {
        while (true) {
            long u = used.get();
            if (u + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                return true;
            }
        }
    }

    @Override
    public void release(long bytes) {
        long after = used.addAndGet(-bytes);
        if (after < 0) {
            throw new IllegalStateException("released more than reserved: " + after);
        }
    }

    @Override
    public long inUse() {
        return used.get();
    }

    @Override
    public long limit() {
        return limit;
    }
}
