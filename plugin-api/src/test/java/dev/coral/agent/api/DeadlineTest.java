package dev.coral.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {
    @Test
    void remainingCountsDownAndNeverGoesNegative() throws InterruptedException {
        Deadline deadline = Deadline.after(Duration.ofSeconds(30));
        Deadline soon = Deadline.after(Duration.ofMillis(100));
        assertThat(deadline.expired()).isFalse();
        assertThat(deadline.remaining()).isGreaterThan(Duration.ofSeconds(20)).isLessThanOrEqualTo(Duration.ofSeconds(30));
        Thread.sleep(150);
        assertThat(soon.expired()).isTrue();
        assertThat(soon.remaining()).isEqualTo(Duration.ZERO);
        assertThat(deadline.expired()).isFalse();
    }

    @Test
    void zeroAndNegativeTimeoutsAreExpiredAtOnce() {
        assertThat(Deadline.after(Duration.ZERO).expired()).isTrue();
        assertThat(Deadline.after(Duration.ofSeconds(-5)).remaining()).isEqualTo(Duration.ZERO);
    }

    @Test
    void hugeTimeoutsDoNotOverflowIntoThePast() {
        Deadline far = Deadline.after(Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(far.expired()).isFalse();
        assertThat(far.remaining()).isGreaterThan(Duration.ofDays(365 * 100));
        assertThat(Deadline.after(Duration.ofSeconds(Long.MIN_VALUE)).expired()).isTrue();
    }
}
