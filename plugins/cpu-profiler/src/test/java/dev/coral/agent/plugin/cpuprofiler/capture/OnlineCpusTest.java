package dev.coral.agent.plugin.cpuprofiler.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OnlineCpusTest {
    @Test
    void parsesRangesAndSingles() {
        assertThat(OnlineCpus.parse("0-3,6,8-9\n")).containsExactly(0, 1, 2, 3, 6, 8, 9);
        assertThat(OnlineCpus.parse("0\n")).containsExactly(0);
    }

    @Test
    void readsThisMachinesCpus() {
        assertThat(OnlineCpus.read()).isNotEmpty().contains(0);
    }
}
