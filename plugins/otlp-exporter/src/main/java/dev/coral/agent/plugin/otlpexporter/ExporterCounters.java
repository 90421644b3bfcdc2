package dev.coral.agent.plugin.otlpexporter;

import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Telemetry;
import dev.coral.agent.plugin.otlpexporter.send.ExportedSignal;
import java.util.EnumMap;
import java.util.Map;

/**
 * The exporter's counters, named as the Collector's ({@code otelcol_exporter_sent_spans}...); the
 * runtime labels each with {@code exporter="<id>"}. Made once, so sending only adds.
 */
final class ExporterCounters {
    private record Items(Counter sent, Counter sendFailed, Counter enqueueFailed, Counter dropped) {}

    private final Map<ExportedSignal, Items> items = new EnumMap<>(ExportedSignal.class);
    private final Counter retries;
    private final Counter partialSuccesses;

    ExporterCounters(Telemetry telemetry) {
        for (ExportedSignal s : ExportedSignal.values()) {
            String word = s.items().replace('_', ' ');
            items.put(s, new Items(
                    telemetry.counter("otelcol_exporter_sent_" + s.items(),
                            "Number of " + word + " successfully sent to destination.", Map.of()),
                    telemetry.counter("otelcol_exporter_send_failed_" + s.items(),
                            "Number of " + word + " in failed attempts to send to destination (dropped).", Map.of()),
                    telemetry.counter("otelcol_exporter_enqueue_failed_" + s.items(),
                            "Number of " + word + " failed to be added to the sending queue.", Map.of()),
                    telemetry.counter("coral_exporter_queue_dropped_" + s.items(),
                            "Number of " + word + " dropped from a full sending queue (full_policy drop_oldest).",
                            Map.of())));
        }
        retries = telemetry.counter("coral_exporter_send_retries",
                "Attempts that failed retryably and were tried again after a backoff.", Map.of());
        partialSuccesses = telemetry.counter("coral_exporter_partial_success_requests",
                "Requests the destination accepted with a partial_success (some items rejected).", Map.of());
    }

    void sent(ExportedSignal s, long n) {
        items.get(s).sent().add(n);
    }

    void sendFailed(ExportedSignal s, long n) {
        items.get(s).sendFailed().add(n);
    }

    void enqueueFailed(ExportedSignal s, long n) {
        items.get(s).enqueueFailed().add(n);
    }

    void dropped(ExportedSignal s, long n) {
        items.get(s).dropped().add(n);
    }

    void retried() {
        retries.increment();
    }

    void partialSuccess() {
        partialSuccesses.increment();
    }
}
