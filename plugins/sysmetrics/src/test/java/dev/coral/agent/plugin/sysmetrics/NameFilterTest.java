package dev.coral.agent.plugin.sysmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class NameFilterTest {
    @Test
    void globsMatchWholeNamesAndStarCrossesSlashes() {
        NameFilter f = NameFilter.of(List.of(), List.of("veth*", "/run/*", "eth?", "a.b"));
        assertThat(f.keeps("veth0a1b")).isFalse();
        assertThat(f.keeps("/run/user/1000")).isFalse();
        assertThat(f.keeps("/run")).isTrue();
        assertThat(f.keeps("eth1")).isFalse();
        assertThat(f.keeps("eth10")).isTrue();
        assertThat(f.keeps("axb")).as("a dot is literal").isTrue();
        assertThat(f.keeps("myveth0")).as("whole name, not a substring").isTrue();
    }

    @Test
    void regexPrefixTakesAJavaRegex() {
        NameFilter f = NameFilter.of(List.of("regex:(sd|nvme)[a-z0-9]+"), List.of("regex:.*p\\d+"));
        assertThat(f.keeps("sda")).isTrue();
        assertThat(f.keeps("nvme0n1")).isTrue();
        assertThat(f.keeps("nvme0n1p1")).isFalse();
        assertThat(f.keeps("vda")).isFalse();
        assertThatThrownBy(() -> NameFilter.of(List.of("regex:(unclosed"), List.of()))
                .isInstanceOf(PatternSyntaxException.class);
    }

    @Test
    void includeThenExclude() {
        NameFilter f = NameFilter.of(List.of("eth*", "en*"), List.of("eth9"));
        assertThat(f.keeps("eth0")).isTrue();
        assertThat(f.keeps("enp3s0")).isTrue();
        assertThat(f.keeps("eth9")).isFalse();
        assertThat(f.keeps("wlan0")).isFalse();
        assertThat(NameFilter.all().keeps("anything")).isTrue();
    }
}
