package dev.coral.agent.api.telemetry;

import java.util.concurrent.atomic.LongAdder;

/** {@link Counter#inMemory()}: a {@link LongAdder}, so threads counting at once do not contend. */
final class AdderCounter implements Counter {
    private final LongAdder adder = new LongAdder();

    @Override
    public void add(long n) {
        adder.add(n);
    }

    @Override
    public long value() {
        return adder.sum();
    }
}
