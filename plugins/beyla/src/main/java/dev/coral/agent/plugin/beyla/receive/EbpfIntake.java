package dev.coral.agent.plugin.beyla.receive;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.telemetry.Telemetry;
import java.time.Instant;
import java.util.Map;

/**
 * The consumers to put behind the OTLP servers: Beyla's metrics and traces, mapped to eBPF rows,
 * into the ebpf pipeline's consumer, with the mapping's counters and its series gauge.
 */
public final class EbpfIntake {
    private EbpfIntake() {}

    /**
     * @param maxSeries cumulative series kept to compute deltas
     * @param started when the receiver started: cumulative series that began later are new to it
     */
    public static Outputs outputs(Telemetry telemetry, int maxSeries, Instant started, BatchConsumer<EbpfBatch> ebpf) {
        MappingCounters counters = new MappingCounters(telemetry);
        MetricsMapper metrics = new MetricsMapper(maxSeries,
                started.getEpochSecond() * 1_000_000_000L + started.getNano(), counters);
        telemetry.gauge("coral_beyla_cumulative_series",
                "Cumulative series whose last point is kept to compute deltas.", Map.of(), metrics::series);
        return new Outputs(Map.of(
                Signal.METRICS, new EbpfForwarder<>(metrics::map, ebpf, counters),
                Signal.TRACES, new EbpfForwarder<>(SpansMapper::map, ebpf, counters)));
    }
}
