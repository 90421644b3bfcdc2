package dev.coral.agent.plugin.staticfilter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.plugin.staticfilter.StaticFilterFactory;
import dev.coral.agent.plugin.staticfilter.support.Filters;
import dev.coral.agent.testkit.TestConfigs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticFilterConfigReaderTest {
    private static StaticFilterConfig parse(String hocon) {
        return Filters.config(hocon);
    }

    @Test
    void defaultsAreTheProducts() {
        StaticFilterConfig c = parse("");
        assertThat(c).isEqualTo(new StaticFilterFactory().factory().defaultConfig());
        assertThat(c.rules()).isEqualTo(new FilterRules(true, 500.0, 0.10));
        assertThat(c.services()).isEmpty();
    }

    @Test
    void readsEverySetting() {
        StaticFilterConfig c = parse("""
                always-capture-errors = false
                high-latency-threshold-ms = 250.5
                sample-rate = 0.01
                services { checkout { sample-rate = 1, always-capture-errors = true, high-latency-threshold-ms = 0 } }
                """);
        assertThat(c.rules()).isEqualTo(new FilterRules(false, 250.5, 0.01));
        assertThat(c.services()).isEqualTo(Map.of("checkout", new FilterRules(true, 0, 1.0)));
    }

    @Test
    void theDefaultPipelinesConfLineIsAccepted() {
        assertThat(parse("always-capture-errors = true, high-latency-threshold-ms = 500, sample-rate = 0.10").rules())
                .isEqualTo(FilterRules.DEFAULTS);
    }

    @Test
    void aRateOutsideZeroToOneNamesFileLineAndKey() {
        assertThatThrownBy(() -> parse("always-capture-errors = true\n\nsample-rate = 1.5"))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("pipelines.conf:3: processors.static-filter.sample-rate: expected a number from 0.0 to 1.0, got 1.5");
        assertThatThrownBy(() -> parse("sample-rate = -0.1"))
                .hasMessage("pipelines.conf:1: processors.static-filter.sample-rate: expected a number from 0.0 to 1.0, got -0.1");
        assertThatThrownBy(() -> parse("sample-rate = NaN"))
                .hasMessageStartingWith("pipelines.conf:1: processors.static-filter.sample-rate: expected a number");
    }

    @Test
    void aNegativeThresholdNamesFileLineAndKey() {
        assertThatThrownBy(() -> parse("\nhigh-latency-threshold-ms = -1"))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("pipelines.conf:2: processors.static-filter.high-latency-threshold-ms: "
                        + "expected a number of milliseconds of 0 or more, got -1");
    }

    @Test
    void wrongTypesAreConfigProblemsToo() {
        assertThatThrownBy(() -> parse("sample-rate = \"ten percent\""))
                .hasMessage("pipelines.conf:1: processors.static-filter.sample-rate: expected a number, got \"ten percent\"");
        assertThatThrownBy(() -> parse("always-capture-errors = [yes]"))
                .hasMessageStartingWith("pipelines.conf:1: processors.static-filter.always-capture-errors: expected true or false");
    }

    @Test
    void aBadOverrideNamesItsOwnLineAndFullKey() {
        assertThatThrownBy(() -> parse("""
                sample-rate = 0.1
                services {
                  checkout {
                    sample-rate = 2
                  }
                }
                """))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("pipelines.conf:4: processors.static-filter.services.checkout.sample-rate: "
                        + "expected a number from 0.0 to 1.0, got 2");
        assertThatThrownBy(() -> parse("services { \"api.v2\" { high-latency-threshold-ms = -5 } }"))
                .hasMessageContaining("processors.static-filter.services.\"api.v2\".high-latency-threshold-ms");
        assertThatThrownBy(() -> parse("services { checkout = 1.0 }"))
                .hasMessageContaining("pipelines.conf:1: processors.static-filter.services.checkout: expected a block");
        assertThatThrownBy(() -> parse("services = [checkout]"))
                .hasMessageContaining("processors.static-filter.services: expected a block");
    }

    @Test
    void unknownKeysStayUnreadSoTheRuntimeReportsThem() {
        Settings s = Filters.settings("""
                sample_rate = 0.5
                services {
                  "api.v2" { sampl-rate = 1.0, sample-rate = 0.5 }
                  checkout { sample-rate = 1.0 }
                }
                """);
        StaticFilterConfig c = new StaticFilterFactory().factory().readConfig(s);
        assertThat(s.unreadKeys()).containsExactly("sample_rate", "services.\"api.v2\".sampl-rate");
        assertThat(c.services().get("api.v2").sampleRate()).isEqualTo(0.5);
    }

    @Test
    void everyMistakeInTheBlockIsReportedInOneRun() {
        assertThat(TestConfigs.problems(new StaticFilterFactory().factory(), """
                sample-rate = 7
                high-latency-threshold-ms = -5
                bogus-key = 1
                """)).containsExactly(
                "test.conf:2: processors.static-filter.high-latency-threshold-ms: expected a number of milliseconds"
                        + " of 0 or more, got -5",
                "test.conf:1: processors.static-filter.sample-rate: expected a number from 0.0 to 1.0, got 7",
                "test.conf:3: processors.static-filter.bogus-key: unknown setting for processor type 'static-filter'");
    }
}
