package dev.coral.agent.plugin.staticfilter.core;

/**
 * The rejection threshold T of OpenTelemetry's consistent probability sampling: a span is
 * kept when its randomness R (see {@link TraceRandomness}) is at least T. For a sample rate p,
 * T = round((1 - p) * 2^56), so rate 1 keeps everything (T = 0) and rate 0 keeps nothing
 * (T = 2^56, above every 56-bit R).
 */
public final class SamplingThreshold {
    /** 2^56: the number of distinct randomness values. */
    public static final long RANDOMNESS_RANGE = 1L << 56;

    private final long threshold;

    private SamplingThreshold(long threshold) {
        this.threshold = threshold;
    }

    public static SamplingThreshold forRate(double sampleRate) {
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sample rate must be from 0 to 1, got " + sampleRate);
        }
        // Same value as round((1 - p) * 2^56), but p * 2^56 is exact in binary floating point
        // while 1 - p is rounded first.
        return new SamplingThreshold(RANDOMNESS_RANGE - Math.round(sampleRate * RANDOMNESS_RANGE));
    }

    public boolean keeps(long randomness) {
        return randomness >= threshold;
    }

    /** T, from 0 to 2^56. */
    public long value() {
        return threshold;
    }
}
