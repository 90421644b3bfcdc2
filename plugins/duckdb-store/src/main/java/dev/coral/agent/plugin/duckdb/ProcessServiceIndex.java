package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.ProcessServices;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code service.name} of the latest spans whose resource carries {@code process.pid}, for
 * the most recently seen {@link #MAX_PROCESSES} processes: a profiler names the processes it
 * samples by it. Kept in memory from the spans this store accepts (it starts empty after a
 * restart and fills as applications export again). Called on the ingest path: a process seen
 * again costs a map read and a counter, no lock; only a new process past the bound evicts.
 */
final class ProcessServiceIndex implements ProcessServices {
    static final int MAX_PROCESSES = 4096;
    private static final String PID = "process.pid";
    private static final String SERVICE = "service.name";

    /** A process's service and when it was last seen, in observations. */
    private static final class Seen {
        final String service;
        volatile long tick;

        Seen(String service, long tick) {
            this.service = service;
            this.tick = tick;
        }
    }

    private final Map<Integer, Seen> byPid = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();

    /** Notes each resource of the request that names both its process and its service. */
    void observe(ExportTraceServiceRequest request) {
        for (ResourceSpans rs : request.getResourceSpansList()) {
            int pid = 0;
            String service = null;
            for (KeyValue kv : rs.getResource().getAttributesList()) {
                if (kv.getKey().equals(PID)) {
                    pid = pid(kv.getValue());
                } else if (kv.getKey().equals(SERVICE) && kv.getValue().hasStringValue()) {
                    service = kv.getValue().getStringValue();
                }
            }
            if (pid > 0 && service != null && !service.isEmpty()) {
                seen(pid, service);
            }
        }
    }

    private void seen(int pid, String service) {
        long now = clock.incrementAndGet();
        Seen known = byPid.get(pid);
        if (known != null && known.service.equals(service)) {
            known.tick = now;
            return;
        }
        byPid.put(pid, new Seen(service, now));
        if (byPid.size() > MAX_PROCESSES) {
            evictLeastRecent();
        }
    }

    /** Rare (a new process when the index is full): a scan for the least recently seen. */
    private synchronized void evictLeastRecent() {
        while (byPid.size() > MAX_PROCESSES) {
            Map.Entry<Integer, Seen> oldest = null;
            for (Map.Entry<Integer, Seen> e : byPid.entrySet()) {
                if (oldest == null || e.getValue().tick < oldest.getValue().tick) {
                    oldest = e;
                }
            }
            byPid.remove(oldest.getKey(), oldest.getValue());
        }
    }

    @Override
    public Map<Integer, String> servicesByPid() {
        Map<Integer, String> out = new HashMap<>(byPid.size() * 2);
        byPid.forEach((pid, seen) -> out.put(pid, seen.service));
        return Map.copyOf(out);
    }

    /** The semantic conventions say int; some SDKs send the pid as a string. */
    private static int pid(AnyValue v) {
        if (v.hasIntValue()) {
            return v.getIntValue() > 0 && v.getIntValue() <= Integer.MAX_VALUE ? (int) v.getIntValue() : 0;
        }
        if (v.hasStringValue()) {
            try {
                return Integer.parseInt(v.getStringValue().strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
