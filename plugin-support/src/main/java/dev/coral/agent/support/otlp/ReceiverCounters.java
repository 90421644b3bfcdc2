package dev.coral.agent.support.otlp;

import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Telemetry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The receiver's counters for one transport, made once at start so the hot path only adds.
 * Names follow the Collector: {@code otelcol_receiver_accepted_spans{transport="grpc"}}...
 * Requests refused as a whole are counted by reason, since their items may never be decoded.
 */
final class ReceiverCounters {
    /** Accepted and refused items of one signal. */
    public record Items(Counter accepted, Counter refused) {}

    /** Why a whole request was refused (the {@code reason} label). */
    public enum RequestRefusal {
        OVERLOADED, UNAVAILABLE, INVALID, FAILED, TOO_LARGE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static RequestRefusal of(RefusedException.Reason reason) {
            return switch (reason) {
                case OVERLOADED -> OVERLOADED;
                case UNAVAILABLE -> UNAVAILABLE;
                case INVALID -> INVALID;
                case FAILED -> FAILED;
            };
        }
    }

    private final Map<String, Items> items;
    private final EnumMap<RequestRefusal, Counter> refusedRequests = new EnumMap<>(RequestRefusal.class);

    public ReceiverCounters(Telemetry telemetry, Transport transport) {
        Map<String, String> labels = Map.of("transport", transport.label());
        var m = new java.util.HashMap<String, Items>();
        for (OtlpSignal<?, ?> s : OtlpSignal.all()) {
            String item = s.items().replace('_', ' ');
            m.put(s.items(), new Items(
                    telemetry.counter("otelcol_receiver_accepted_" + s.items(),
                            "Number of " + item + " successfully pushed into the pipeline.", labels),
                    telemetry.counter("otelcol_receiver_refused_" + s.items(),
                            "Number of " + item + " that could not be pushed into the pipeline.", labels)));
        }
        this.items = Map.copyOf(m);
        for (RequestRefusal r : RequestRefusal.values()) {
            refusedRequests.put(r, telemetry.counter("otelcol_receiver_refused_requests",
                    "Number of export requests refused as a whole, by reason.",
                    Map.of("transport", transport.label(), "reason", r.label())));
        }
    }

    public Items items(OtlpSignal<?, ?> signal) {
        return items.get(signal.items());
    }

    public void refusedRequest(RequestRefusal reason) {
        refusedRequests.get(reason).increment();
    }

    public void refusedRequest(RefusedException reason) {
        refusedRequest(RequestRefusal.of(reason.reason()));
    }
}
