package dev.coral.agent.server.red;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.LatencyHistogram;
import dev.coral.agent.api.ebpf.SqlRed;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Quantiles as Prometheus' histogram_quantile computes them, from histograms merged over a range. */
class MergedHistogramTest {
    private static MergedHistogram of(double[] bounds, long... counts) {
        MergedHistogram h = new MergedHistogram();
        h.add(bounds, counts);
        return h;
    }

    @Test
    void interpolatesLinearlyWithinTheBucketOfTheRank() {
        // 50 observations: 10 in (0,10], 20 in (10,20], 20 in (20,40], none above.
        MergedHistogram h = of(new double[] {10, 20, 40}, 10, 20, 20, 0);
        assertThat(h.quantile(0.50)).isEqualTo(new MergedHistogram.Quantile(17.5, false)); // rank 25: 10 + 10 * 15/20
        assertThat(h.quantile(0.95).ms()).isCloseTo(37.5, within(1e-9)); // rank 47.5: 20 + 20 * 17.5/20
        assertThat(h.quantile(0.99).ms()).isCloseTo(39.5, within(1e-9));
        assertThat(h.quantile(0.10)).as("rank 5 in the first bucket, from 0").isEqualTo(new MergedHistogram.Quantile(5, false));
        assertThat(h.quantile(0.20)).as("a rank on a bound is that bound").isEqualTo(new MergedHistogram.Quantile(10, false));
    }

    @Test
    void aRankInTheInfBucketIsTheHighestFiniteBoundMarkedAbove() {
        MergedHistogram h = of(new double[] {10, 20, 40}, 0, 0, 1, 9);
        assertThat(h.quantile(0.05)).isEqualTo(new MergedHistogram.Quantile(30, false)); // rank 0.5 in (20,40]: 20 + 20 * 0.5
        assertThat(h.quantile(0.50)).isEqualTo(new MergedHistogram.Quantile(40, true));
        assertThat(h.quantile(0.99)).isEqualTo(new MergedHistogram.Quantile(40, true));
    }

    @Test
    void beylasZeroFirstBoundAnswersZeroAndNothingObservedAnswersNothing() {
        assertThat(of(new double[] {0, 5, 10}, 3, 0, 0, 0).quantile(0.5)).isEqualTo(new MergedHistogram.Quantile(0, false));
        assertThat(of(new double[] {0, 5, 10}, 0, 0, 0, 0).quantile(0.5)).isNull();
        assertThat(new MergedHistogram().quantile(0.5)).isNull();
        assertThat(new MergedHistogram().counts()).containsExactly(0);
    }

    @Test
    void histogramsWithTheSameBoundsAddUpBucketByBucket() {
        MergedHistogram h = of(new double[] {10, 20}, 1, 2, 3);
        h.add(new double[] {10, 20}, new long[] {4, 5, 6});
        assertThat(h.bounds()).containsExactly(10, 20);
        assertThat(h.counts()).containsExactly(5, 7, 9);
        assertThat(h.total()).isEqualTo(21);
    }

    @Test
    void differentBoundsMergeExactlyOnTheBoundsTheyShare() {
        MergedHistogram h = of(new double[] {5, 10, 20}, 1, 2, 3, 4);
        h.add(new double[] {10, 50}, new long[] {5, 6, 7});
        // Shared: 10. (0,5] and (5,10] go to (0,10]; (10,20], (20,+Inf), (10,50] and (50,+Inf) above 10.
        assertThat(h.bounds()).containsExactly(10);
        assertThat(h.counts()).containsExactly(8, 20);
        assertThat(h.quantile(0.5)).isEqualTo(new MergedHistogram.Quantile(10, true));
        assertThatThrownBy(() -> h.add(new double[] {1}, new long[] {1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seriesCountHttp5xxAndGrpcNonOkAsErrorsAndSqlAsUnknown() {
        LatencyHistogram latency = new LatencyHistogram(new double[] {10}, new long[] {1, 0});
        RedSeries s = new RedSeries();
        s.http(new HttpRed(1, "shop", "GET", "/a", 200, latency, 8, Map.of()));
        s.http(new HttpRed(2, "shop", "GET", "/a", 503, latency, 2, Map.of()));
        s.http(new HttpRed(2, "shop", "GET", "/a", 404, latency, 1, Map.of()));
        s.grpc(new GrpcRed(1, "shop", "/a.B/C", 0, latency, 3, Map.of()));
        s.grpc(new GrpcRed(1, "shop", "/a.B/C", 14, latency, 1, Map.of()));
        s.sql(new SqlRed(1, "shop", "SELECT", "t", latency, 5, Map.of()));
        s.http(new HttpRed(1, "shop", "POST", "/b", 200, latency, 20, Map.of()));
        assertThat(s.rows()).isEqualTo(7);
        assertThat(s.sorted()).extracting(x -> x.key().kind() + " " + x.key().first() + " " + x.key().second() + " "
                + x.requests() + " " + x.errors() + " " + x.errorsKnown()).containsExactly(
                "HTTP POST /b 20 0 true", "HTTP GET /a 11 2 true", "GRPC /a.B/C  4 1 true", "SQL SELECT t 5 0 false");
        assertThat(s.sorted().get(1).latency().counts()).containsExactly(3, 0);
    }
}
