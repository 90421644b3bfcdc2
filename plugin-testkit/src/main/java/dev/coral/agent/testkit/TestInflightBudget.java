package dev.coral.agent.testkit;

import dev.coral.agent.api.InflightBudget;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-flight budget with a limit the test can change, so it can drive a receiver into
 * backpressure. Releasing more than was reserved fails, as it is a receiver's bug.
 */
public final class TestInflightBudget implements InflightBudget {
    private final AtomicLong used = new AtomicLong();
    private volatile long limit;

    public TestInflightBudget(long limit) {
        this.limit = limit;
    }

    /** A budget nothing exhausts. */
    public static TestInflightBudget unlimited() {
        return new TestInflightBudget(Long.MAX_VALUE);
    }

    public void setLimit(long limit) {
        this.limit = limit;
    }

    @Override
    public boolean tryAcquire(long bytes) {
        while (true) {
            long u = used.get();
            if (u + bytes > limit || u + bytes < 0) {
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
