package dev.coral.agent.plugin.staticfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.api.Signal;
import dev.coral.agent.plugin.staticfilter.core.FilterCounters;
import dev.coral.agent.plugin.staticfilter.support.Traces;
import dev.coral.agent.testkit.CaptureStoreFactory;
import dev.coral.agent.testkit.PushReceiverFactory;
import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.testkit.CaptureStoreFactory;
import dev.coral.agent.testkit.PushReceiverFactory;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The factory inside the real runtime: config problems as the user sees them, and a pipeline. */
class InRuntimeTest {
    /** On the first line, so the test's own line numbers hold; the API takes a free port. */
    private static final String HEAD = "agent { api.listen = [\"127.0.0.1:0\"] }, ";

    @TempDir
    Path dir;

    private final PushReceiverFactory sources = new PushReceiverFactory();
    private final CaptureStoreFactory stores = new CaptureStoreFactory();

    private AgentRuntime build(String hocon) throws InvalidConfigException {
        return AgentRuntime.builder().home(dir).loadPlugins(false).configText(HEAD + hocon)
                .factory(sources).factory(stores).factory(new StaticFilterFactory()).build();
    }

    private List<String> problems(String hocon) {
        try (AgentRuntime unexpected = build(hocon)) {
            throw new AssertionError("config was accepted: " + unexpected.plan().pipelines());
        } catch (InvalidConfigException e) {
            return e.problems().stream().map(ConfigProblem::getMessage).toList();
        }
    }

    @Test
    void aBadRateIsReportedWithFileLineAndKey() {
        assertThat(problems("""
                receivers { push {} }
                processors {
                  static-filter {
                    sample-rate = 1.5
                  }
                }
                stores { capture {} }
                pipelines { traces { receivers = [push], processors = [static-filter], stores = [capture] } }
                """)).containsExactly("pipelines.conf:4: processors.static-filter.sample-rate: "
                + "expected a number from 0.0 to 1.0, got 1.5");
    }

    @Test
    void unknownSettingsAreReportedAlsoInsideOverrides() {
        assertThat(problems("""
                receivers { push {} }
                processors {
                  static-filter {
                    sample_rate = 0.5
                    services { checkout { high-latency-treshold-ms = 100 } }
                  }
                }
                stores { capture {} }
                pipelines { traces { receivers = [push], processors = [static-filter], stores = [capture] } }
                """)).containsExactlyInAnyOrder(
                "pipelines.conf:4: processors.static-filter.sample_rate: unknown setting for processor type 'static-filter'",
                "pipelines.conf:5: processors.static-filter.services.checkout.high-latency-treshold-ms: "
                        + "unknown setting for processor type 'static-filter'");
    }

    @Test
    void aMetricsPipelineCannotUseIt() {
        assertThat(problems("""
                receivers { push {} }
                processors { static-filter {} }
                stores { capture {} }
                pipelines { metrics { receivers = [push], processors = [static-filter], stores = [capture] } }
                """)).anySatisfy(p -> assertThat(p).contains("static-filter").contains("cannot carry metrics"));
    }

    @Test
    void filtersAPipelineAndCountsUnderItsComponentId() throws Exception {
        Traces traces = new Traces(31);
        Span error = traces.error();
        Span slow = traces.slow(750);
        try (AgentRuntime agent = build("""
                receivers { push {} }
                processors { "static-filter/edge" { sample-rate = 0.0 } }
                stores { capture {} }
                pipelines { traces { receivers = [push], processors = ["static-filter/edge"], stores = [capture] } }
                """)) {
            agent.start();
            sources.push(Signal.TRACES, Traces.request("checkout", List.of(traces.normal(), error, slow, traces.normal())))
                    .toCompletableFuture().join();
            // Everything dropped: the client is still told "accepted".
            sources.push(Signal.TRACES, Traces.request("checkout", List.of(traces.normal()))).toCompletableFuture().join();

            assertThat(Traces.spansOf(stores.batches(Signal.TRACES))).containsExactly(error, slow);
            Map<String, String> component = Map.of("processor", "static-filter/edge");
            assertThat(agent.metrics().counterValue(FilterCounters.RECEIVED, component)).isEqualTo(5);
            assertThat(agent.metrics().counterValue(FilterCounters.DROPPED, component)).isEqualTo(3);
            assertThat(agent.metrics().counterValue(FilterCounters.KEPT, Map.of("processor", "static-filter/edge",
                    FilterCounters.RULE, "latency"))).isEqualTo(1);
            assertThat(agent.metrics().scrape())
                    .contains("otelcol_processor_static_filter_kept_spans_total{processor=\"static-filter/edge\",rule=\"error\"} 1");
        }
    }

    @Test
    void theDefaultPipelinesConfBlockIsAccepted() throws Exception {
        try (AgentRuntime agent = build("""
                receivers { push {} }
                processors {
                  static-filter { always-capture-errors = true, high-latency-threshold-ms = 500, sample-rate = 0.10 }
                }
                stores { capture {} }
                pipelines { traces { receivers = [push], processors = [static-filter], stores = [capture] } }
                """)) {
            assertThat(agent.plan().pipelines()).hasSize(1);
        }
    }
}
