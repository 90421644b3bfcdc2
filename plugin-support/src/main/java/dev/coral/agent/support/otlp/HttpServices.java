package dev.coral.agent.support.otlp;

import dev.coral.agent.api.InflightLedger;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What every OTLP/HTTP connection handler shares; immutable.
 *
 * @param routes the intake for each path some pipeline takes ({@code /v1/traces}...)
 * @param ledger admission and the in-flight bound
 * @param answers response building
 * @param export decoding and export of complete bodies
 * @param cors browser access
 * @param executor where bodies are decoded and exported, off the event loop
 * @param maxBody max-request-body-size
 */
record HttpServices(Map<String, SignalIntake<?, ?>> routes, InflightLedger ledger, HttpAnswers answers, HttpExport export,
                    CorsPolicy cors, Executor executor, int maxBody) {
    /** Every OTLP path, also those no pipeline takes here: they get a clearer 404. */
    static final Map<String, String> SIGNAL_PATHS =
            Map.of("/v1/traces", "traces", "/v1/metrics", "metrics", "/v1/logs", "logs");

    HttpServices {
        routes = Map.copyOf(routes);
    }
}
