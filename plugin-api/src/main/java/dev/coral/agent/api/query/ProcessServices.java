package dev.coral.agent.api.query;

import java.util.Map;

/**
 * Which service a process belongs to, as its own telemetry says: the {@code service.name} of
 * resources that carry {@code process.pid}. A store offers it for what it received, so a
 * profiler can name the processes it samples as their spans do.
 *
 * @since 0.1.0
 */
public interface ProcessServices {
    /**
     * The latest {@code service.name} seen for each {@code process.pid}, for processes that sent
     * telemetry recently. Pids are as the telemetry reports them (the process's own pid namespace).
     */
    Map<Integer, String> servicesByPid();
}
