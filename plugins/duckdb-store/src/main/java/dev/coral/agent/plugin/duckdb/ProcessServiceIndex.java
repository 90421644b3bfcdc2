package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.ProcessServices;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code service.name} of the latest spans whose resource carries {@code process.pid}, for
 * the most recently seen {@link #MAX_PROCESSES} processes: a profiler names the processes it
 * samples by it. Kept in memory from the spans this store accepts (it starts empty after a
 * restart and fills as applications export again).
 */
final class ProcessServiceIndex implements ProcessServices {
    static final int MAX_PROCESSES = 4096;
    private static final String PID = "process.pid";
    private static final String SERVICE = "service.name";

    private final Map<Integer, String> byPid = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, String> eldest) {
            return size() > MAX_PROCESSES;
        }
    };

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
                synchronized (byPid) {
                    byPid.put(pid, service);
                }
            }
        }
    }

    @Override
    public Map<Integer, String> servicesByPid() {
        synchronized (byPid) {
            return Map.copyOf(byPid);
        }
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
