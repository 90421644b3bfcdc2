package dev.coral.agent.runtime.telemetry;

import dev.coral.agent.api.ComponentId;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.StatusReporter;
import dev.coral.agent.api.StatusReporter.Health;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The latest health each component reported, for {@code /status}; changes are logged. */
public final class StatusBoard {
    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);

    /** One component's latest report. */
    public record Entry(ComponentKind kind, ComponentId id, Health health, String message, Instant since) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public StatusReporter reporterFor(ComponentKind kind, ComponentId id) {
        return (health, message) -> report(kind, id, health, message);
    }

    public synchronized void report(ComponentKind kind, ComponentId id, Health health, String message) {
        String key = kind.word() + ":" + id;
        Entry previous = entries.get(key);
        entries.put(key, new Entry(kind, id, health, message == null ? "" : message, Instant.now()));
        if (previous == null || previous.health() != health) {
            if (health == Health.FAILED || health == Health.DEGRADED) {
                LOG.warn("component status kind={} id={} health={} message=\"{}\"", kind.word(), id, health, message);
            } else {
                LOG.debug("component status kind={} id={} health={} message=\"{}\"", kind.word(), id, health, message);
            }
        }
    }

    /**
     * Reports {@code health} unless the component reported something itself since it was marked
     * {@code STARTING}: a component that starts DEGRADED ("disabled: no permission") keeps saying so.
     */
    public synchronized void reportIfStarting(ComponentKind kind, ComponentId id, Health health, String message) {
        Entry current = entries.get(kind.word() + ":" + id);
        if (current == null || current.health() == Health.STARTING) {
            report(kind, id, health, message);
        }
    }

    public synchronized Map<String, Entry> snapshot() {
        return Map.copyOf(entries);
    }
}
