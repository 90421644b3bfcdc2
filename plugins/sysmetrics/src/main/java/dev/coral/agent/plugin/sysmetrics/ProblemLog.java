package dev.coral.agent.plugin.sysmetrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each failing collector once, not every sample: a missing {@code /proc} file or a denied
 * permission stays that way, and one line per 15 s would bury everything else. When the collector
 * works again, that is logged once too. Used from the sampling thread only.
 */
final class ProblemLog {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemLog.class);

    private final String receiver;
    private final Map<String, String> failing = new LinkedHashMap<>();

    ProblemLog(String receiver) {
        this.receiver = receiver;
    }

    /** Records a failure of {@code collector}; true when it is new (and was logged). */
    boolean failed(String collector, Throwable error) {
        String message = describe(error);
        if (failing.putIfAbsent(collector, message) != null) {
            return false;
        }
        LOG.warn("sysmetrics collector failed, skipping it until it works receiver={} collector={} error=\"{}\"",
                receiver, collector, message);
        LOG.debug("sysmetrics collector failure detail receiver={} collector={}", receiver, collector, error);
        return true;
    }

    /** Records a success of {@code collector}, logging its recovery if it was failing. */
    void succeeded(String collector) {
        if (!failing.isEmpty() && failing.remove(collector) != null) {
            LOG.info("sysmetrics collector works again receiver={} collector={}", receiver, collector);
        }
    }

    /** The collectors failing now, with their first error. */
    Map<String, String> failing() {
        return Map.copyOf(failing);
    }

    static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getName()
                : error.getClass().getSimpleName() + ": " + message;
    }
}
