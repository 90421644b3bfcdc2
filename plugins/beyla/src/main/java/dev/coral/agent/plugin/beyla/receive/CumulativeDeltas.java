package dev.coral.agent.plugin.beyla.receive;

import dev.coral.agent.api.telemetry.Counter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns cumulative histogram points into deltas, per series, as the OpenTelemetry data model's
 * cumulative-to-delta conversion (and the Collector's {@code cumulativetodelta} processor) does:
 * the last point of each series is kept, the next one minus it is the delta, and a series that
 * restarted (new start time, a count that went down) gives its new point whole.
 *
 * <p>The first point of a series is emitted whole only when its start time is known and not
 * before this state began (the Collector's {@code initial_value: auto}): then nothing of it can
 * have been counted before. Otherwise (a Beyla that was running before the agent restarted, an
 * unknown start) it only primes the series, so counts stored by an earlier run are not stored
 * twice. Eviction moves that boundary forward, so a forgotten series is primed again, never
 * counted twice.
 *
 * <p>Bounded: beyond {@code maxSeries} the least recently seen series is forgotten. In memory
 * only. Thread-safe; requests of different connections may interleave.
 */
final class CumulativeDeltas {
    /** What became of a cumulative point. */
    sealed interface Outcome {}

    /** Rows should carry this delta (or whole point). */
    record Emit(HistogramPoint delta, boolean restarted) implements Outcome {}

    /** The first point of a series whose earlier counts may already be stored: kept as the reference only. */
    record Primed() implements Outcome {}

    /** Nothing new since the last point (a repeat, or no requests in the interval). */
    record Unchanged() implements Outcome {}

    /** Older than the series' last point (or from before its last restart): ignored. */
    record Stale() implements Outcome {}

    /** The state a mapping changed, so that a refused batch can be taken back and its counts sent again. */
    static final class Changes {
        private record Change(SeriesKey key, HistogramPoint before, HistogramPoint after) {}

        private final List<Change> changes = new ArrayList<>();

        private void add(SeriesKey key, HistogramPoint before, HistogramPoint after) {
            changes.add(new Change(key, before, after));
        }

        boolean isEmpty() {
            return changes.isEmpty();
        }
    }

    private final LinkedHashMap<SeriesKey, HistogramPoint> last;
    private final Counter evictions;
    /** First points whose start is at or after this are new to us. */
    private long wholeFromNanos;

    /**
     * @param startedNanos when this state began, Unix nanoseconds
     * @param evictions counts series forgotten for room
     */
    CumulativeDeltas(int maxSeries, long startedNanos, Counter evictions) {
        this.wholeFromNanos = startedNanos;
        this.evictions = evictions;
        this.last = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SeriesKey, HistogramPoint> eldest) {
                if (size() <= maxSeries) {
                    return false;
                }
                evicted(eldest.getValue());
                return true;
            }
        };
    }

    /** The outcome of {@code point} in the series {@code key}; the state change is recorded in {@code changes}. */
    synchronized Outcome next(SeriesKey key, HistogramPoint point, Changes changes) {
        HistogramPoint before = last.get(key);
        if (before != null && olderThan(point, before)) {
            return new Stale();
        }
        last.put(key, point);
        changes.add(key, before, point);
        if (before == null) {
            boolean whole = point.startNanos() != 0 && point.startNanos() >= wholeFromNanos
                    && point.startNanos() < point.timeNanos();
            return whole ? new Emit(point, false) : new Primed();
        }
        if (point.restartedSince(before)) {
            return new Emit(point, true);
        }
        HistogramPoint delta = point.minus(before);
        return delta.count() == 0 ? new Unchanged() : new Emit(delta, false);
    }

    /**
     * Takes back what {@code changes} did, where no later point has replaced it since: the next
     * point of those series then carries the refused interval's counts again.
     */
    synchronized void undo(Changes changes) {
        for (int i = changes.changes.size() - 1; i >= 0; i--) {
            Changes.Change c = changes.changes.get(i);
            if (last.get(c.key()) == c.after()) {
                if (c.before() == null) {
                    last.remove(c.key());
                } else {
                    last.put(c.key(), c.before());
                }
            }
        }
    }

    /** A late point of the same run, or of a run before the series last restarted. */
    private static boolean olderThan(HistogramPoint point, HistogramPoint last) {
        return point.startNanos() == last.startNanos()
                ? point.timeNanos() < last.timeNanos()
                : point.startNanos() < last.startNanos() && point.timeNanos() < last.timeNanos();
    }

    synchronized int size() {
        return last.size();
    }

    private void evicted(HistogramPoint forgotten) {
        evictions.increment();
        wholeFromNanos = Math.max(wholeFromNanos, forgotten.timeNanos());
    }
}
