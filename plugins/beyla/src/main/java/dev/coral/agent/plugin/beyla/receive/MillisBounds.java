package dev.coral.agent.plugin.beyla.receive;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bucket bounds in milliseconds, converted once per distinct bounds and unit: Beyla sends the same
 * few bound lists with every point, and the exact decimal conversion costs about a microsecond a
 * bound. The arrays handed out are shared: never written.
 */
final class MillisBounds {
    /** More distinct bound lists than any Beyla configuration has; past it the cache starts over. */
    private static final int MAX_ENTRIES = 64;

    private record Key(LatencyUnit unit, List<Double> bounds) {}

    private final Map<Key, double[]> converted = new ConcurrentHashMap<>();

    double[] of(LatencyUnit unit, List<Double> bounds) {
        Key key = new Key(unit, bounds);
        double[] ms = converted.get(key);
        if (ms == null) {
            if (converted.size() >= MAX_ENTRIES) {
                converted.clear();
            }
            ms = unit.toMillis(bounds);
            converted.put(new Key(unit, List.copyOf(bounds)), ms);
        }
        return ms;
    }
}
