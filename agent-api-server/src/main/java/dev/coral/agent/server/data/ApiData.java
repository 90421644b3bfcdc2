package dev.coral.agent.server.data;

import dev.coral.agent.api.Host;
import dev.coral.agent.api.profile.CpuProfiling;
import dev.coral.agent.api.query.DatabaseSnapshots;
import dev.coral.agent.api.query.EbpfQueries;
import dev.coral.agent.api.query.LogQueries;
import dev.coral.agent.api.query.MetricQueries;
import dev.coral.agent.api.query.ProfileQueries;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.StorageStats;
import dev.coral.agent.api.query.SystemMetricQueries;
import java.util.List;
import java.util.Optional;

/**
 * Where the API finds data: the components' capabilities (the stores' queries of {@code
 * dev.coral.agent.api.query}, a profiler's {@code CpuProfiling}), the first component offering
 * each, looked up on every call (cheap) so the API never holds on to a component that stopped.
 * No component with a capability means "no such data here":
 * services answer empty, never an error, as the colony expects from an agent without, say,
 * the cpu-profiler plugin.
 */
public final class ApiData {
    private final Host host;

    public ApiData(Host host) {
        this.host = host;
    }

    public Optional<SpanQueries> spans() {
        return first(SpanQueries.class);
    }

    public Optional<SystemMetricQueries> systemMetrics() {
        return first(SystemMetricQueries.class);
    }

    /** Application metric points of every OTLP type. */
    public Optional<MetricQueries> metrics() {
        return first(MetricQueries.class);
    }

    /** eBPF (Beyla) RED rows and spans. */
    public Optional<EbpfQueries> ebpf() {
        return first(EbpfQueries.class);
    }

    public Optional<LogQueries> logs() {
        return first(LogQueries.class);
    }

    public Optional<ProfileQueries> profiles() {
        return first(ProfileQueries.class);
    }

    /** On-demand profiling, offered by a running profiler component (the cpu-profiler receiver). */
    public Optional<CpuProfiling> cpuProfiling() {
        return first(CpuProfiling.class);
    }

    /** Every store's snapshots: several stores may each serve databases. */
    public List<DatabaseSnapshots> snapshots() {
        return host.capabilities(DatabaseSnapshots.class);
    }

    /** Every store's file sizes and table counts, for /status. */
    public List<StorageStats> storage() {
        return host.capabilities(StorageStats.class);
    }

    /**
     * The session id of the local database, for answers that read no table (a kind of data no
     * store keeps); empty when no store keeps a database.
     */
    public String sessionId() {
        return first(StorageStats.class).map(StorageStats::sessionId).orElse("");
    }

    private <Q> Optional<Q> first(Class<Q> type) {
        List<Q> all = host.capabilities(type);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }
}
