package dev.coral.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.server.v1.SystemMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliFormatsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void timesBackFromNowOrAbsolute() {
        assertThat(TimeArgs.instant("5m", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
        assertThat(TimeArgs.instant("1h30m", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
        assertThat(TimeArgs.instant("2026-11-25T06:00:00Z", NOW)).isEqualTo(Instant.parse("2026-11-25T06:00:00Z"));
        assertThat(TimeArgs.instant("1795588722050", NOW)).isEqualTo(Instant.ofEpochMilli(1795588722050L));
        assertThatThrownBy(() -> TimeArgs.instant("yesterday", NOW)).hasMessageContaining("'yesterday' is not a time");
        assertThatThrownBy(() -> TimeArgs.duration("5 minutes")).hasMessageContaining("not a duration");
    }

    @Test
    void sparklineColumnsAreMeansBlankWhereNothingWasSampled() {
        List<SystemMetric> values = List.of(point(0, 0), point(1_000, 10), point(9_000, 5));
        assertThat(Sparklines.line(values, 10, 0, 9_000, 0, 10)).isEqualTo("▁█       ▅");
        assertThat(Sparklines.line(values, 1, 0, 9_000, 0, 10)).isEqualTo("▅");
        assertThat(Sparklines.line(List.of(point(0, 3)), 3, 0, 0, 3, 3)).isEqualTo("▅  ");
    }

    @Test
    void seriesLabelsFromAttributeJson() {
        assertThat(Sparklines.label("{\"cpu\":\"0\",\"state\":\"user\"}")).isEqualTo("cpu=0 state=user");
        assertThat(Sparklines.label("{}")).isEqualTo("-");
        assertThat(Sparklines.label("")).isEqualTo("-");
    }

    @Test
    void numbersAsPeopleReadThem() {
        assertThat(Tables.number(1e9)).isEqualTo("1000000000");
        assertThat(Tables.number(0.5)).isEqualTo("0.5000");
        assertThat(Tables.number(12.345)).isEqualTo("12.35");
        assertThat(Tables.number(1234.56)).isEqualTo("1234.6");
        assertThat(Tables.duration(3_725)).isEqualTo("1h2m");
        assertThat(Tables.bytes(5 * 1024 * 1024)).isEqualTo("5.0 MiB");
    }

    @Test
    void jsonKeepsZerosAndWritesCharactersAsTheyAre() throws Exception {
        String json = CliJson.print(SystemMetric.newBuilder().setName("a=b<c>&'d x\\u003d").build());
        assertThat(json).contains("\"value\": 0.0").contains("\"timestamp\": \"0\"")
                .contains("\"name\": \"a=b<c>&'d x\\\\u003d\"");  // the name's own backslash stays escaped
    }

    private static SystemMetric point(long t, double v) {
        return SystemMetric.newBuilder().setTimestamp(t).setValue(v).build();
    }
}
