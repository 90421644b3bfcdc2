package dev.coral.agent.plugin.staticfilter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplingThresholdTest {
    private static final long MAX_R = (1L << 56) - 1;

    @Test
    void thresholdsAreTheOtelRejectionThresholds() {
        // The OpenTelemetry tracestate examples: 25 % is th:c, 50 % th:8, 100 % th:0.
        assertThat(SamplingThreshold.forRate(0.25).value()).isEqualTo(0xC0000000000000L);
        assertThat(SamplingThreshold.forRate(0.5).value()).isEqualTo(0x80000000000000L);
        assertThat(SamplingThreshold.forRate(1.0).value()).isZero();
        assertThat(SamplingThreshold.forRate(0.10).value()).isEqualTo(0xE6666666666666L);
        assertThat(SamplingThreshold.forRate(0.0).value()).isEqualTo(1L << 56);
    }

    @Test
    void keepsWhenTheRandomnessReachesTheThreshold() {
        SamplingThreshold half = SamplingThreshold.forRate(0.5);
        assertThat(half.keeps(0x80000000000000L)).isTrue();
        assertThat(half.keeps(0x7FFFFFFFFFFFFFL)).isFalse();
        assertThat(half.keeps(MAX_R)).isTrue();
        assertThat(half.keeps(0)).isFalse();
    }

    @Test
    void theW3cExampleTraceIdIsKeptFromAboutOneFifthUp() {
        long r = 0xce929d0e0e4736L; // from trace id 4bf92f3577b34da6a3ce929d0e0e4736 (README)
        assertThat(SamplingThreshold.forRate(0.10).keeps(r)).isFalse();
        assertThat(SamplingThreshold.forRate(0.19).keeps(r)).isFalse();
        assertThat(SamplingThreshold.forRate(0.20).keeps(r)).isTrue();
        assertThat(SamplingThreshold.forRate(0.25).keeps(r)).isTrue();
    }

    @Test
    void rateOneKeepsEveryRandomnessAndRateZeroNone() {
        assertThat(SamplingThreshold.forRate(1.0).keeps(0)).isTrue();
        assertThat(SamplingThreshold.forRate(0.0).keeps(MAX_R)).isFalse();
        // The smallest positive rate still keeps the highest randomness values.
        assertThat(SamplingThreshold.forRate(Math.pow(2, -56)).keeps(MAX_R)).isTrue();
        assertThat(SamplingThreshold.forRate(Math.pow(2, -56)).keeps(MAX_R - 1)).isFalse();
    }

    @Test
    void refusesRatesOutsideZeroToOne() {
        assertThatThrownBy(() -> SamplingThreshold.forRate(1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SamplingThreshold.forRate(-0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SamplingThreshold.forRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
