package dev.coral.agent.runtime.telemetry;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The agent process's own gauges: the Collector's process metrics under its names
 * ({@code otelcol_process_uptime}, {@code otelcol_process_memory_rss},
 * {@code otelcol_process_runtime_heap_alloc_bytes}, ...), so dashboards made for the
 * Collector's telemetry read the agent too, and JVM memory per pool under the OpenTelemetry
 * JVM conventions as Prometheus names ({@code jvm_memory_used_bytes{jvm_memory_type,
 * jvm_memory_pool_name}}), which is what a Java process's memory really looks like.
 */
public final class ProcessMetrics {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMetrics() {}

    public static void register(MetricRegistry metrics, Instant startedAt) {
        var memory = ManagementFactory.getMemoryMXBean();
        metrics.gauge("otelcol_process_uptime", "Uptime of the process in seconds", Map.of(),
                () -> (System.currentTimeMillis() - startedAt.toEpochMilli()) / 1000.0);
        metrics.gauge("otelcol_process_memory_rss", "Total physical memory (resident set size) in bytes", Map.of(),
                ProcessMetrics::residentBytes);
        metrics.gauge("otelcol_process_runtime_heap_alloc_bytes", "Bytes of allocated heap objects (JVM heap in use)",
                Map.of(), () -> memory.getHeapMemoryUsage().getUsed());
        metrics.gauge("otelcol_process_runtime_total_sys_memory_bytes",
                "Memory the JVM has committed from the operating system (heap and non-heap), in bytes", Map.of(),
                () -> memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted());
        metrics.gauge("otelcol_process_cpu_seconds", "Total CPU user and system time in seconds", Map.of(),
                ProcessMetrics::cpuSeconds);
        // Pools are fixed for the JVM's life (the collector chosen at start decides them).
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            Map<String, String> labels = Map.of("jvm_memory_type", pool.getType() == MemoryType.HEAP ? "heap" : "non_heap",
                    "jvm_memory_pool_name", pool.getName());
            pool(metrics, "jvm_memory_used_bytes", "Memory used, by pool", labels, pool, MemoryUsage::getUsed);
            pool(metrics, "jvm_memory_committed_bytes", "Memory committed, by pool", labels, pool,
                    MemoryUsage::getCommitted);
            if (pool.getUsage() != null && pool.getUsage().getMax() >= 0) {
                pool(metrics, "jvm_memory_limit_bytes", "Most memory the pool may use", labels, pool,
                        MemoryUsage::getMax);
            }
        }
    }

    private static void pool(MetricRegistry metrics, String name, String help, Map<String, String> labels,
            MemoryPoolMXBean pool, ToLongFunction<MemoryUsage> value) {
        metrics.gauge(name, help, labels, () -> {
            MemoryUsage usage = pool.getUsage();
            return usage == null ? Double.NaN : value.applyAsLong(usage);
        });
    }

    /** VmRSS of /proc/self/status; NaN where there is no procfs. */
    static double residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024.0;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // Fall through.
        }
        return Double.NaN;
    }

    private static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? Double.NaN : nanos / 1e9;
        }
        return Double.NaN;
    }
}
