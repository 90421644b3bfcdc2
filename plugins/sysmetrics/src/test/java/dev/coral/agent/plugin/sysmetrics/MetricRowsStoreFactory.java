package dev.coral.agent.plugin.sysmetrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.Stability;
import dev.coral.agent.api.Store;
import dev.coral.agent.api.StoreFactory;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Store type "metric-rows": what {@code system_metrics_local} will hold, in memory. Each OTLP
 * data point becomes one row, with the colony's {@code SystemMetric} columns and a dense seq id,
 * using the mapping the plugin README gives the duckdb store (Gauge -> gauge, cumulative Sum ->
 * counter, delta Sum -> delta; attributes as a JSON object). It answers
 * {@link SystemMetricsQuery} as {@code QuerySystemMetrics} does. {@code refuse = true} refuses
 * every batch instead.
 */
final class MetricRowsStoreFactory implements FactoryProvider {
    /** @param refuse refuse every batch as OVERLOADED (to test the receiver's refusal path) */
    record Config(boolean refuse) {}

    /** One row of {@code system_metrics_local}. */
    record Row(long seqId, long timestampMs, String name, double value, String unit, String metricType,
            String attributes, Map<String, String> attributeMap) {}

    /** {@code QuerySystemMetrics}: rows after {@code startSeqId}, by seq id, at most {@code max}. */
    interface SystemMetricsQuery {
        List<Row> query(Collection<String> names, long startSeqId, int max);
    }

    private final List<RowStore> created = new CopyOnWriteArrayList<>();

    List<RowStore> created() {
        return created;
    }

    @Override
    public StoreFactory<Config> factory() {
        return StoreFactory.builder("metric-rows", () -> new Config(false),
                        (settings, defaults) -> new Config(settings.flag("refuse", defaults.refuse())))
                .metrics(Stability.STABLE)
                .build((context, config) -> {
                    RowStore store = new RowStore(config);
                    created.add(store);
                    return store;
                });
    }

    static final class RowStore implements Store, SystemMetricsQuery {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Config config;
        private final List<Row> rows = new ArrayList<>();
        private final List<ExportMetricsServiceRequest> requests = new CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        private long lastSeq;

        RowStore(Config config) {
            this.config = config;
        }

        int refused() {
            return refused.get();
        }

        List<ExportMetricsServiceRequest> requests() {
            return requests;
        }

        synchronized List<Row> rows() {
            return List.copyOf(rows);
        }

        @Override
        public <T> BatchConsumer<T> consumer(Signal<T> signal) {
            return batch -> {
                if (config.refuse()) {
                    refused.incrementAndGet();
                    return CompletableFuture.failedFuture(
                            RefusedException.overloaded("memory full (simulated)", java.time.Duration.ofSeconds(1)));
                }
                ExportMetricsServiceRequest request = (ExportMetricsServiceRequest) batch;
                append(request);
                requests.add(request);
                return CompletableFuture.completedFuture(null);
            };
        }

        private synchronized void append(ExportMetricsServiceRequest request) {
            request.getResourceMetricsList().forEach(rm -> rm.getScopeMetricsList().forEach(sm -> {
                for (Metric m : sm.getMetricsList()) {
                    switch (m.getDataCase()) {
                        case GAUGE -> m.getGauge().getDataPointsList().forEach(p -> add(m, p, "gauge"));
                        case SUM -> m.getSum().getDataPointsList().forEach(p -> add(m, p,
                                m.getSum().getAggregationTemporality()
                                        == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA ? "delta" : "counter"));
                        default -> throw new IllegalArgumentException("unexpected metric type " + m.getDataCase());
                    }
                }
            }));
        }

        private void add(Metric m, NumberDataPoint p, String type) {
            Map<String, String> attrs = new TreeMap<>();
            for (KeyValue kv : p.getAttributesList()) {
                attrs.put(kv.getKey(), kv.getValue().getStringValue());
            }
            double value = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
            try {
                rows.add(new Row(++lastSeq, p.getTimeUnixNano() / 1_000_000, m.getName(), value, m.getUnit(), type,
                        JSON.writeValueAsString(attrs), Map.copyOf(attrs)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized List<Row> query(Collection<String> names, long startSeqId, int max) {
            List<Row> out = new ArrayList<>();
            for (Row r : rows) {
                if (r.seqId() > startSeqId && (names.isEmpty() || names.contains(r.name()))) {
                    out.add(r);
                    if (out.size() == max) {
                        break;
                    }
                }
            }
            return out;
        }
    }
}
