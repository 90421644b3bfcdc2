package dev.coral.agent.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MetricPointRowTest {
    @Test
    void valuesNotSetReadAsTheirDefaultsAndTextIsNeverNull() {
        MetricPointRow row = MetricPointRow.builder().type(null).metricName(null).sum(null).bucketCounts(null).build();
        assertThat(row.type()).isEqualTo(MetricPointType.GAUGE);
        assertThat(row.metricName()).isEmpty();
        assertThat(row.attributesJson()).isEqualTo("{}");
        assertThat(row.resourceAttributesJson()).isEqualTo("{}");
        assertThat(row.exemplarsJson()).isEqualTo("[]");
        assertThat(row.aggregationTemporality()).isEmpty();
        assertThat(row.sum()).isEmpty();
        assertThat(row.bucketCounts()).isEmpty();
        assertThat(row.quantiles()).isEmpty();
        assertThat(row.isInt()).isFalse();
    }

    @Test
    void anIntegerValueIsExactAndAlsoADouble() {
        MetricPointRow row = MetricPointRow.builder().type(MetricPointType.SUM).intValue(9_007_199_254_740_993L).build();
        assertThat(row.isInt()).isTrue();
        assertThat(row.intValue()).isEqualTo(9_007_199_254_740_993L);
        assertThat(row.value()).isEqualTo(9.007199254740992E15);
        MetricPointRow real = row.toBuilder().value(2.5).build();
        assertThat(real.isInt()).as("a double value replaces the integer").isFalse();
        assertThat(real.intValue()).isZero();
    }

    @Test
    void aCopyDiffersOnlyInWhatItSetsAndRowsAreValues() {
        List<Long> counts = new ArrayList<>(List.of(1L, 2L));
        MetricPointRow row = MetricPointRow.builder().type(MetricPointType.HISTOGRAM).metricName("app.latency")
                .count(3).sum(OptionalDouble.of(7.5)).bucketCounts(counts).explicitBounds(List.of(5.0))
                .quantiles(List.of(new MetricPointRow.Quantile(0.5, 2))).build();
        counts.add(99L);
        MetricPointRow copy = row.toBuilder().seqId(42).build();
        assertThat(copy.seqId()).isEqualTo(42);
        assertThat(copy.toBuilder().seqId(0).build()).isEqualTo(row).hasSameHashCodeAs(row);
        assertThat(copy).isNotEqualTo(row);
        assertThat(row.toBuilder().sum(OptionalDouble.empty()).build()).isNotEqualTo(row);
        assertThat(row.bucketCounts()).as("copied when built").containsExactly(1L, 2L);
        assertThatThrownBy(() -> row.bucketCounts().add(3L)).isInstanceOf(UnsupportedOperationException.class);
    }
}
