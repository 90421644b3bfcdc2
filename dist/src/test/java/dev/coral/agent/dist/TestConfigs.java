package dev.coral.agent.dist;

/** Pipeline configs several ITs run the distribution on. */
final class TestConfigs {
    /**
     * otlp into duckdb with nothing dropping spans, and host metrics every second; the API and the
     * OTLP ports come from the test's environment, never the defaults.
     */
    static final String OTLP_AND_HOST_METRICS_TO_DUCKDB = """
            agent {
              api.listen = [${CORAL_API_LISTEN}]   # always set by the test: never the default :9001
            }
            receivers {
              otlp { grpc.endpoint = ${CORAL_OTLP_GRPC_ENDPOINT}, http.endpoint = ${CORAL_OTLP_HTTP_ENDPOINT} }
              sysmetrics { interval = 1s }
            }
            stores { duckdb {} }
            pipelines {
              traces  { receivers = [otlp], stores = [duckdb] }
              metrics { receivers = [sysmetrics], stores = [duckdb] }
            }
            """;

    private TestConfigs() {}
}
