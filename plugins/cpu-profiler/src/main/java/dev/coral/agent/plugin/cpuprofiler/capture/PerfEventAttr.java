package dev.coral.agent.plugin.cpuprofiler.capture;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Builds {@code struct perf_event_attr} for CPU-clock sampling at a frequency. Only the fields
 * we set are named; the rest stay zero (the kernel checks {@code size} for the layout).
 */
final class PerfEventAttr {
    static final int SIZE = 128;
    static final int PERF_TYPE_SOFTWARE = 1;
    static final long PERF_COUNT_SW_CPU_CLOCK = 0;
    static final long PERF_SAMPLE_TID = 0x2;
    static final long PERF_SAMPLE_CALLCHAIN = 0x20;
    /** Created disabled: enabled once the ring is mapped, so no early sample is missed. */
    static final long FLAG_DISABLED = 0x1;
    /** {@code sample_freq} is a frequency in Hz, not a period. */
    static final long FLAG_FREQ = 0x400;

    private PerfEventAttr() {}

    /** A disabled CPU-clock event sampling {@code hz} times a second with pid, tid and callchain. */
    static MemorySegment cpuClockSampling(Arena arena, int hz, long sampleType) {
        MemorySegment attr = arena.allocate(SIZE, 8); // zeroed
        attr.set(JAVA_INT, 0, PERF_TYPE_SOFTWARE);
        attr.set(JAVA_INT, 4, SIZE);
        attr.set(JAVA_LONG, 8, PERF_COUNT_SW_CPU_CLOCK);
        attr.set(JAVA_LONG, 16, hz);
        attr.set(JAVA_LONG, 24, sampleType);
        attr.set(JAVA_LONG, 40, FLAG_DISABLED | FLAG_FREQ);
        return attr;
    }
}
