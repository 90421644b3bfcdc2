package dev.coral.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.api.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static Settings settings(String hocon) {
        return Settings.of(ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription("p.conf")),
                "receivers.otlp", "p.conf");
    }

    @Test
    void absentKeysTakeTheDefault() {
        Settings s = settings("");
        assertThat(s.string("grpc.endpoint", "0.0.0.0:14317")).isEqualTo("0.0.0.0:14317");
        assertThat(s.duration("interval", Duration.ofSeconds(15))).hasSeconds(15);
        assertThat(s.bytes("max", 4 << 20)).isEqualTo(4 << 20);
        assertThat(s.unreadKeys()).isEmpty();
    }

    @Test
    void typedValuesAreRead() {
        Settings s = settings("""
                rate = 0.5
                flag = "true"
                size = 4MiB
                hosts = a
                tags { env = prod, tier = 2 }
                """);
        assertThat(s.number("rate", 0)).isEqualTo(0.5);
        assertThat(s.flag("flag", false)).isTrue();
        assertThat(s.bytes("size", 0)).isEqualTo(4L << 20);
        assertThat(s.strings("hosts", List.of())).containsExactly("a");
        assertThat(s.stringMap("tags")).isEqualTo(Map.of("env", "prod", "tier", "2"));
        assertThat(s.unreadKeys()).isEmpty();
    }

    @Test
    void stringMapKeepsDottedAttributeNames() {
        Settings s = settings("tags { deployment.environment = staging, team = payments }\nbad { a = [1] }");
        assertThat(s.stringMap("tags")).isEqualTo(Map.of("deployment.environment", "staging", "team", "payments"));
        assertThat(s.problems()).isEmpty();
        s.stringMap("bad");
        assertThat(messages(s)).containsExactly("p.conf:2: receivers.otlp.bad.a: expected a string value, got a list");
    }

    @Test
    void wrongTypeNamesFileLineKeyAndExpectation() {
        Settings s = settings("\n\nrate = fast\n");
        assertThat(s.number("rate", 0.1)).as("the default, so reading goes on").isEqualTo(0.1);
        assertThat(messages(s)).containsExactly("p.conf:3: receivers.otlp.rate: expected a number, got \"fast\"");
    }

    @Test
    void rejectReportsTheValueSeen() {
        Settings s = settings("rate = 1.5");
        double rate = s.number("rate", 0.1);
        s.reject("rate", "a number between 0.0 and 1.0");
        assertThat(rate).isEqualTo(1.5);
        ConfigProblem p = s.problems().getFirst();
        assertThat(p.getMessage()).isEqualTo("p.conf:1: receivers.otlp.rate: expected a number between 0.0 and 1.0, got 1.5");
        assertThat(p.key()).isEqualTo("receivers.otlp.rate");
    }

    @Test
    void everyMistakeIsRecordedAndReadingGoesOnWithDefaults() {
        Settings s = settings("""
                rate = 7
                threshold = -5
                interval = soon
                grpc { port = 0 }
                """);
        assertThat(s.number("rate", 0.1, r -> r >= 0 && r <= 1, "a number from 0.0 to 1.0")).isEqualTo(0.1);
        assertThat(s.number("threshold", 500, t -> t >= 0, "0 or more")).isEqualTo(500);
        assertThat(s.duration("interval", Duration.ofSeconds(15), d -> !d.isNegative(), "a duration")).hasSeconds(15);
        assertThat(s.section("grpc").integer("port", 4000, p -> p > 0, "a port number")).isEqualTo(4000);
        assertThat(s.integer("absent", 3, n -> n > 5, "more than 5")).as("defaults are not judged").isEqualTo(3);
        assertThat(messages(s)).containsExactly(
                "p.conf:1: receivers.otlp.rate: expected a number from 0.0 to 1.0, got 7",
                "p.conf:2: receivers.otlp.threshold: expected 0 or more, got -5",
                "p.conf:3: receivers.otlp.interval: expected a duration such as 15s, 500ms or 1h, got \"soon\"",
                "p.conf:4: receivers.otlp.grpc.port: expected a port number, got 0");
    }

    @Test
    void unreadKeysIncludeNestedTyposButNotReadSections() {
        Settings s = settings("""
                grpc { endpoint = "x:1", endpiont = "y:2" }
                http.endpoint = "z:3"
                tls { cert = a }
                """);
        Settings grpc = s.section("grpc");
        grpc.string("endpoint", "");
        s.string("http.endpoint", "");
        s.stringMap("tls");
        assertThat(s.unreadKeys()).containsExactly("grpc.endpiont");
    }

    @Test
    void sectionThatIsNotABlock() {
        Settings s = settings("grpc = 4000");
        assertThat(s.section("grpc").string("endpoint", "x")).isEqualTo("x");
        assertThat(messages(s)).containsExactly("p.conf:1: receivers.otlp.grpc: expected a block { ... }, got 4000");
    }

    @Test
    void sectionListReadsEachBlockWithItsIndexInPathsAndProblems() {
        Settings s = settings("""
                rules = [
                  { name = a, port = 1 }
                  { name = b, port = many }
                  "c"
                ]
                single = { name = d }
                """);
        List<Settings> rules = s.sectionList("rules");
        assertThat(rules).extracting(r -> r.string("name", "")).containsExactly("a", "b");
        assertThat(rules).extracting(r -> r.integer("port", 0)).containsExactly(1, 0);
        assertThat(rules.get(1).path()).isEqualTo("receivers.otlp.rules[1]");
        assertThat(s.sectionList("absent")).isEmpty();
        assertThat(s.sectionList("single")).isEmpty();
        assertThat(s.unreadKeys()).isEmpty();
        assertThat(messages(s)).containsExactly(
                "p.conf:4: receivers.otlp.rules[2]: expected a block { ... }, got \"c\"",
                "p.conf:3: receivers.otlp.rules[1].port: expected an integer, got \"many\"",
                "p.conf:6: receivers.otlp.single: expected a list of blocks [{ ... }], got a block");
    }

    private static List<String> messages(Settings s) {
        return s.problems().stream().map(ConfigProblem::getMessage).toList();
    }
}
