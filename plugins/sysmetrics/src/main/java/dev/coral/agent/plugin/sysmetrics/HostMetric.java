package dev.coral.agent.plugin.sysmetrics;

/**
 * Every metric the receiver emits, with the name and unit the colony already knows (they are
 * the OpenTelemetry hostmetrics names, with the colony's unit words rather than UCUM codes), and
 * how it travels in OTLP.
 */
public enum HostMetric {
    CPU_UTILIZATION("system.cpu.utilization", Unit.PERCENT, Kind.GAUGE,
            "Share of time all CPUs were busy (not idle, not iowait) since the previous sample, 0..100."),
    CPU_TIME("system.cpu.time", Unit.SECONDS, Kind.COUNTER,
            "CPU seconds since boot, summed over all CPUs, per state; the point without attributes is the total."),
    MEMORY_USAGE("system.memory.usage", Unit.BYTES, Kind.GAUGE,
            "Memory in use: total minus available."),
    MEMORY_LIMIT("system.memory.limit", Unit.BYTES, Kind.GAUGE,
            "Total physical memory."),
    MEMORY_UTILIZATION("system.memory.utilization", Unit.PERCENT, Kind.GAUGE,
            "Memory in use as a share of the total, 0..100."),
    DISK_IO_READ("system.disk.io.read", Unit.BYTES, Kind.BUSY_COUNTER,
            "Bytes read per device; the point without attributes is all reported disks."),
    DISK_IO_WRITE("system.disk.io.write", Unit.BYTES, Kind.BUSY_COUNTER,
            "Bytes written per device; the point without attributes is all reported disks."),
    DISK_OPERATIONS_READ("system.disk.operations.read", Unit.COUNT, Kind.BUSY_COUNTER,
            "Read operations completed per device; the point without attributes is all reported disks."),
    DISK_OPERATIONS_WRITE("system.disk.operations.write", Unit.COUNT, Kind.BUSY_COUNTER,
            "Write operations completed per device; the point without attributes is all reported disks."),
    DISK_USAGE("system.disk.usage", Unit.BYTES, Kind.GAUGE,
            "Bytes used on a mounted filesystem (size minus free)."),
    DISK_UTILIZATION("system.disk.utilization", Unit.PERCENT, Kind.GAUGE,
            "Used share of a mounted filesystem as df shows it: used / (used + available to users), 0..100."),
    NETWORK_IO_RECEIVE("system.network.io.receive", Unit.BYTES, Kind.BUSY_COUNTER,
            "Bytes received per interface; the point without attributes is all reported interfaces."),
    NETWORK_IO_TRANSMIT("system.network.io.transmit", Unit.BYTES, Kind.BUSY_COUNTER,
            "Bytes sent per interface; the point without attributes is all reported interfaces."),
    NETWORK_PACKETS_RECEIVE("system.network.packets.receive", Unit.COUNT, Kind.COUNTER,
            "Packets received per interface."),
    NETWORK_PACKETS_TRANSMIT("system.network.packets.transmit", Unit.COUNT, Kind.COUNTER,
            "Packets sent per interface."),
    NETWORK_ERRORS_RECEIVE("system.network.errors.receive", Unit.COUNT, Kind.COUNTER,
            "Receive errors per interface."),
    NETWORK_ERRORS_TRANSMIT("system.network.errors.transmit", Unit.COUNT, Kind.COUNTER,
            "Transmit errors per interface."),
    NETWORK_DROPPED_RECEIVE("system.network.dropped.receive", Unit.COUNT, Kind.COUNTER,
            "Received packets dropped per interface."),
    NETWORK_DROPPED_TRANSMIT("system.network.dropped.transmit", Unit.COUNT, Kind.COUNTER,
            "Packets dropped before sending, per interface."),
    LOAD_1M("system.cpu.load_average.1m", Unit.ONE, Kind.GAUGE, "Load average over 1 minute."),
    LOAD_5M("system.cpu.load_average.5m", Unit.ONE, Kind.GAUGE, "Load average over 5 minutes."),
    LOAD_15M("system.cpu.load_average.15m", Unit.ONE, Kind.GAUGE, "Load average over 15 minutes.");

    /** How a metric travels in OTLP, and so which {@code metric_type} a store gives its rows. */
    public enum Kind {
        /** OTLP Gauge: {@code metric_type = "gauge"}. */
        GAUGE,
        /** OTLP Sum, cumulative and monotonic: {@code metric_type = "counter"}. */
        COUNTER,
        /**
         * A counter that also goes out as an OTLP Sum with delta temporality holding the change
         * since the previous sample ({@code metric_type = "delta"}), so rates need no SQL window.
         */
        BUSY_COUNTER
    }

    /** The unit words of the colony's {@code SystemMetric.unit}. */
    public static final class Unit {
        public static final String PERCENT = "percent";
        public static final String SECONDS = "seconds";
        public static final String BYTES = "bytes";
        public static final String COUNT = "count";
        public static final String ONE = "1";

        private Unit() {}
    }

    private final String metricName;
    private final String unit;
    private final Kind kind;
    private final String description;

    HostMetric(String metricName, String unit, Kind kind, String description) {
        this.metricName = metricName;
        this.unit = unit;
        this.kind = kind;
        this.description = description;
    }

    public String metricName() {
        return metricName;
    }

    public String unit() {
        return unit;
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description;
    }
}
