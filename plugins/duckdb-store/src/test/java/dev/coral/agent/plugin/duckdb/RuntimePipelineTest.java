package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.DatabaseSnapshots;
import dev.coral.agent.api.query.ProfileQueries;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.StorageStats;
import dev.coral.agent.api.query.SystemMetricQueries;
import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.testkit.PushReceiverFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store inside a real AgentRuntime: configured from pipelines.conf, fed by three pipelines, found by capability. */
class RuntimePipelineTest {
    @TempDir
    Path dir;

    @Test
    void tracesMetricsAndProfilesPipelinesLandInTheirTables() throws Exception {
        PushReceiverFactory push = new PushReceiverFactory();
        AgentRuntime agent = AgentRuntime.builder().home(dir).loadPlugins(false).factory(push)
                .factory(new DuckDbStoreFactory()).configText("""
                        agent { api.listen = [], data-dir = "./state" }
                        receivers { push {} }
                        stores { duckdb { retention { spans = 2h }, queue-size = 128 } }
                        pipelines {
                          traces   { receivers = [push], stores = [duckdb] }
                          metrics  { receivers = [push], stores = [duckdb] }
                          profiles { receivers = [push], stores = [duckdb] }
                        }
                        """).build();
        agent.start();
        try {
            long now = System.currentTimeMillis();
            push.push(Signal.TRACES, Batches.spans("checkout", 1, 5, now * 1_000_000L))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            push.push(Signal.METRICS, Metrics.cpu(now * 1_000_000L, 42))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            push.push(Signal.PROFILES, Profiles.cycle(now, "checkout", 7))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);

            SpanQueries spans = agent.capabilities(SpanQueries.class).getFirst();
            assertThat(spans.spansSince(0, List.of("checkout"), 10).rows()).hasSize(5);
            assertThat(agent.capabilities(SystemMetricQueries.class).getFirst().metricsSince(0, List.of(), 10).rows())
                    .singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(42.0));
            assertThat(agent.capabilities(ProfileQueries.class).getFirst().samplesSince(0, "checkout", 10).rows()).hasSize(2);
            StorageStats stats = agent.capabilities(StorageStats.class).getFirst();
            assertThat(stats.tables()).extracting(StorageStats.TableStats::table).containsExactlyElementsOf(Schema.SEQUENCED);
            assertThat(stats.tables()).filteredOn(t -> t.rows() > 0).extracting(StorageStats.TableStats::maxSeqId)
                    .containsExactly(5L, 1L, 2L);
            assertThat(stats.files()).extracting(StorageStats.FileStats::name).contains("metrics.duckdb");
            assertThat(agent.capabilities(DatabaseSnapshots.class).getFirst().databases()).containsExactly("metrics.duckdb");
        } finally {
            agent.stop();
        }
        assertThat(TestStores.longs(dir.resolve("state/metrics.duckdb"), "SELECT count(*) FROM otel_spans_local"))
                .containsExactly(5L);
    }

    @Test
    void anUnknownOrWrongKeyStopsTheAgentBeforeStart() {
        assertThatThrownBy(() -> AgentRuntime.builder().home(dir).loadPlugins(false).factory(new PushReceiverFactory())
                .factory(new DuckDbStoreFactory()).configText("""
                        agent { api.listen = [] }
                        receivers { push {} }
                        stores { duckdb { retention { spanz = 2h } } }
                        pipelines { traces { receivers = [push], stores = [duckdb] } }
                        """).build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("stores.duckdb.retention.spanz");
    }
}
