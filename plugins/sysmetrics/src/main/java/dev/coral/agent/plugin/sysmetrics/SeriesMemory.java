package dev.coral.agent.plugin.sysmetrics;

import java.util.HashMap;
import java.util.Map;

/**
 * What the receiver remembers of each counter series (metric name + attributes) between samples:
 * when its cumulative count started and its last value, for delta points and for noticing resets.
 * A series unseen for a few samples (an interface that went away) is forgotten, so churning
 * container interfaces do not grow it forever. Used from the sampling thread only.
 */
final class SeriesMemory {
    /** Samples a series may be missing (a scraper's bad moment) before it is forgotten. */
    static final int MAX_MISSED_SAMPLES = 4;

    /** What one observation of a counter means. */
    record Observation(long startNanos, boolean hasDelta, long delta, long deltaStartNanos) {}

    private static final class State {
        long startNanos;
        long lastNanos;
        long lastValue;
        double lastDouble;
        long seenInSample;
    }

    private final long firstStartNanos;
    private final Map<String, State> series = new HashMap<>();
    private long sampleNumber;

    /** @param firstStartNanos the start time of series that exist when sampling begins (agent start) */
    SeriesMemory(long firstStartNanos) {
        this.firstStartNanos = firstStartNanos;
    }

    /** Called before each sample. */
    void beginSample() {
        sampleNumber++;
    }

    /** Called after each sample: forgets series not seen lately. */
    void endSample() {
        series.values().removeIf(s -> sampleNumber - s.seenInSample > MAX_MISSED_SAMPLES);
    }

    /**
     * A whole-number counter's value at {@code nowNanos}. A value below the previous one means the
     * count restarted (a device re-created, a driver reloaded): the series gets a new start time
     * and no delta, so no consumer sees a negative rate.
     */
    Observation observe(String key, long value, long nowNanos) {
        State s = series.get(key);
        if (s == null) {
            s = fresh(key, nowNanos);
            s.lastValue = value;
            return new Observation(s.startNanos, false, 0, 0);
        }
        Observation o;
        if (value < s.lastValue) {
            s.startNanos = s.lastNanos;
            o = new Observation(s.startNanos, false, 0, 0);
        } else {
            o = new Observation(s.startNanos, true, value - s.lastValue, s.lastNanos);
        }
        s.lastValue = value;
        s.lastNanos = nowNanos;
        s.seenInSample = sampleNumber;
        return o;
    }

    /** A fractional counter's value (CPU seconds): the start time, reset as for whole numbers. */
    long observe(String key, double value, long nowNanos) {
        State s = series.get(key);
        if (s == null) {
            s = fresh(key, nowNanos);
            s.lastDouble = value;
            return s.startNanos;
        }
        if (value < s.lastDouble) {
            s.startNanos = s.lastNanos;
        }
        s.lastDouble = value;
        s.lastNanos = nowNanos;
        s.seenInSample = sampleNumber;
        return s.startNanos;
    }

    int size() {
        return series.size();
    }

    private State fresh(String key, long nowNanos) {
        State s = new State();
        // The kernel's counts began at boot (or when a device appeared), which the receiver does
        // not know; the agent's start is the stand-in, as the Collector's hostmetrics does with
        // its own start. It errs early, so a rate derived from it is never overstated.
        s.startNanos = firstStartNanos;
        s.lastNanos = nowNanos;
        s.seenInSample = sampleNumber;
        series.put(key, s);
        return s;
    }
}
