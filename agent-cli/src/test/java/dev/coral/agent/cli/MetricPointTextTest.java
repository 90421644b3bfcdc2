package dev.coral.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.server.v1.MetricPoint;
import dev.coral.agent.server.v1.MetricPointType;
import dev.coral.agent.server.v1.MetricQuantile;
import dev.coral.agent.server.v1.SystemMetric;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code query metrics}' cells and chart samples. */
class MetricPointTextTest {
    private static final long S = 1_000_000_000L;

    @Test
    void cellsSayTypeValueAndAttributes() {
        MetricPoint counter = MetricPoint.newBuilder().setType(MetricPointType.METRIC_POINT_TYPE_SUM).setIsMonotonic(true)
                .setAggregationTemporality("cumulative").setValue(9.007199254740992E15).setIntValue(9_007_199_254_740_993L)
                .addAttributes(KeyValue.newBuilder().setKey("route").setValue(AnyValue.newBuilder().setStringValue("/pay")))
                .addAttributes(KeyValue.newBuilder().setKey("code").setValue(AnyValue.newBuilder().setIntValue(200)))
                .build();
        assertThat(MetricPointText.type(counter)).isEqualTo("counter");
        assertThat(MetricPointText.value(counter)).as("an integer exactly").isEqualTo("9007199254740993");
        assertThat(MetricPointText.attributes(counter.getAttributesList())).isEqualTo("route=/pay, code=200");
        assertThat(MetricPointText.type(counter.toBuilder().setIsMonotonic(false).setAggregationTemporality("delta")
                .build())).isEqualTo("up-down delta");

        MetricPoint histogram = MetricPoint.newBuilder().setType(MetricPointType.METRIC_POINT_TYPE_HISTOGRAM).setCount(6)
                .setSum(123.0).setMin(1.5).setMax(80).addAllExplicitBounds(List.of(5.0, 10.0))
                .addAllBucketCounts(List.of(1L, 3L, 2L)).build();
        assertThat(MetricPointText.value(histogram)).isEqualTo("count=6 sum=123 mean=20.50 min=1.50 max=80 [≤5:1 ≤10:3 +Inf:2]");
        MetricPoint summary = MetricPoint.newBuilder().setType(MetricPointType.METRIC_POINT_TYPE_SUMMARY).setCount(10)
                .setSum(55.5).addQuantiles(MetricQuantile.newBuilder().setQuantile(0.99).setValue(12)).build();
        assertThat(MetricPointText.value(summary)).isEqualTo("count=10 sum=55.50 mean=5.55 p99=12");
        assertThat(MetricPointText.attributes(List.of())).isEqualTo("-");
        assertThat(MetricPointText.percentile(0.999)).isEqualTo("p99.9");
        assertThat(MetricPointText.percentile(0.5)).isEqualTo("p50");
    }

    @Test
    void typeNamesOfTheCommandLine() {
        assertThat(QueryMetricsCommand.type("exponential-histogram"))
                .isEqualTo(MetricPointType.METRIC_POINT_TYPE_EXPONENTIAL_HISTOGRAM);
        assertThat(QueryMetricsCommand.type("Gauge")).isEqualTo(MetricPointType.METRIC_POINT_TYPE_GAUGE);
        assertThatThrownBy(() -> QueryMetricsCommand.type("unspecified")).hasMessageContaining("--type must be gauge");
    }

    @Test
    void aCumulativeHistogramIsChartedAsTheMeanOfEachInterval() {
        MetricPoint.Builder p = MetricPoint.newBuilder().setType(MetricPointType.METRIC_POINT_TYPE_HISTOGRAM)
                .setServiceName("checkout").setAggregationTemporality("cumulative").setStartTimeUnixNano(S);
        List<MetricPoint> points = List.of(
                p.setTimeUnixNano(10 * S).setCount(2).setSum(20).build(),   // [1 s, 10 s]: mean 10
                p.setTimeUnixNano(20 * S).setCount(6).setSum(60).build(),   // 4 more, 40 more: 10
                p.setTimeUnixNano(30 * S).setCount(6).setSum(60).build(),   // nothing recorded: no sample
                p.setTimeUnixNano(40 * S).setCount(8).setSum(100).build(),  // 2 more, 40 more: 20
                p.setStartTimeUnixNano(45 * S).setTimeUnixNano(50 * S).setCount(1).setSum(7).build()); // reset: 7
        assertThat(MetricChart.drawsMeans(points)).isTrue();
        assertThat(MetricChart.samples(points)).extracting(SystemMetric::getTimestamp, SystemMetric::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(10_000L, 10.0),
                        org.assertj.core.groups.Tuple.tuple(20_000L, 10.0), org.assertj.core.groups.Tuple.tuple(40_000L, 20.0),
                        org.assertj.core.groups.Tuple.tuple(50_000L, 7.0));
        assertThat(MetricChart.samples(points)).extracting(SystemMetric::getAttributes).containsOnly("{\"service\":\"checkout\"}");
    }
}
