package dev.coral.agent.plugin.beyla.receive;

import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Telemetry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** What the mapping did with the points and spans it was given, for {@code /metrics}. Made once at start. */
final class MappingCounters {
    /** Why a metric point became no row (the {@code reason} label). */
    enum Unmapped {
        /** A metric this receiver does not map (Beyla's client, size, network and process metrics...). */
        OTHER_METRIC,
        /** A RED metric sent as another type than an explicit-bucket histogram (e.g. exponential). */
        NOT_EXPLICIT_HISTOGRAM,
        /** A unit that is not a duration, bucket counts that do not match the bounds, no temporality. */
        INVALID;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final EnumMap<Unmapped, Counter> unmapped = new EnumMap<>(Unmapped.class);
    private final Counter primed;
    private final Counter stale;
    private final Counter restarts;
    private final Counter evicted;
    private final Counter httpRows;
    private final Counter grpcRows;
    private final Counter sqlRows;
    private final Counter spanRows;

    MappingCounters(Telemetry t) {
        for (Unmapped u : Unmapped.values()) {
            unmapped.put(u, t.counter("coral_beyla_unmapped_metric_points",
                    "Metric points that became no row, by reason.", Map.of("reason", u.label())));
        }
        primed = t.counter("coral_beyla_cumulative_primed_points",
                "First cumulative points of a series that may have been counted before: kept as the reference only.");
        stale = t.counter("coral_beyla_cumulative_stale_points",
                "Cumulative points older than their series' last one: ignored.");
        restarts = t.counter("coral_beyla_cumulative_restarts",
                "Cumulative series that restarted (new start time or a count that went down): their point taken whole.");
        evicted = t.counter("coral_beyla_cumulative_series_evicted",
                "Cumulative series forgotten to stay within max-series (primed again when seen).");
        httpRows = rows(t, "http");
        grpcRows = rows(t, "grpc");
        sqlRows = rows(t, "sql");
        spanRows = rows(t, "span");
    }

    private static Counter rows(Telemetry t, String type) {
        return t.counter("coral_beyla_rows", "Rows the ebpf pipeline kept, by type.", Map.of("type", type));
    }

    void unmapped(Unmapped reason, long points) {
        if (points > 0) {
            unmapped.get(reason).add(points);
        }
    }

    void primed() {
        primed.increment();
    }

    void stale() {
        stale.increment();
    }

    void restarted() {
        restarts.increment();
    }

    Counter evicted() {
        return evicted;
    }

    /** Counts the rows of a batch the pipeline kept. */
    void kept(EbpfBatch batch) {
        httpRows.add(batch.http().size());
        grpcRows.add(batch.grpc().size());
        sqlRows.add(batch.sql().size());
        spanRows.add(batch.spans().size());
    }
}
