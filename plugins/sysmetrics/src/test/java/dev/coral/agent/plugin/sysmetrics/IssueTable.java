package dev.coral.agent.plugin.sysmetrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics table of issue 7, written out independently of {@link HostMetric} so the tests
 * check the code against the issue rather than against itself: each name's unit and the
 * {@code metric_type} of its rows (busy counters also have {@code delta} rows).
 */
final class IssueTable {
    private static final Map<String, String> UNITS = new HashMap<>();
    private static final Map<String, String> TYPES = new HashMap<>();

    static {
        expect("gauge", "percent", "system.cpu.utilization", "system.memory.utilization", "system.disk.utilization");
        expect("counter", "seconds", "system.cpu.time");
        expect("gauge", "bytes", "system.memory.usage", "system.memory.limit", "system.disk.usage");
        expect("counter", "bytes", "system.disk.io.read", "system.disk.io.write", "system.network.io.receive",
                "system.network.io.transmit");
        expect("counter", "count", "system.disk.operations.read", "system.disk.operations.write",
                "system.network.packets.receive", "system.network.packets.transmit", "system.network.errors.receive",
                "system.network.errors.transmit", "system.network.dropped.receive", "system.network.dropped.transmit");
        expect("gauge", "1", "system.cpu.load_average.1m", "system.cpu.load_average.5m",
                "system.cpu.load_average.15m");
    }

    /** The counters that also get per-interval {@code metric_type = "delta"} rows. */
    static final List<String> WITH_DELTAS = List.of("system.disk.io.read", "system.disk.io.write",
            "system.disk.operations.read", "system.disk.operations.write", "system.network.io.receive",
            "system.network.io.transmit");

    /** Per-mount names: absent on a host with no reportable filesystem (a container whose / is overlay). */
    static final Set<String> PER_MOUNT = Set.of("system.disk.usage", "system.disk.utilization");

    /** The utilization names, all within 0..100. */
    static final List<String> PERCENTAGES = List.of("system.cpu.utilization", "system.memory.utilization",
            "system.disk.utilization");

    private IssueTable() {}

    static Set<String> names() {
        return Set.copyOf(UNITS.keySet());
    }

    static String unit(String name) {
        return UNITS.get(name);
    }

    /** gauge or counter ({@code delta} rows aside). */
    static String type(String name) {
        return TYPES.get(name);
    }

    private static void expect(String type, String unit, String... names) {
        for (String n : names) {
            UNITS.put(n, unit);
            TYPES.put(n, type);
        }
    }
}
