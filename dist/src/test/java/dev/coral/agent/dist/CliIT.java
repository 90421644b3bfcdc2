package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution's command line, as an operator uses it: exit codes and one-line errors. */
class CliIT {
    @TempDir
    Path dir;

    Distribution dist;

    @BeforeEach
    void copy() {
        dist = Distribution.copyInto(dir);
    }

    @Test
    void pluginsListsEveryBundledPluginWithVersionAndComponentTypes() {
        Distribution.Result r = dist.run("plugins");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("this agent's plugin-api: ").containsPattern("nop\\s+\\S+\\s+STARTED\\s+exporter/nop")
                .containsPattern("otlp\\s+\\S+\\s+STARTED\\s+receiver/otlp")
                .containsPattern("duckdb-store\\s+\\S+\\s+STARTED\\s+store/duckdb")
                .containsPattern("static-filter\\s+\\S+\\s+STARTED\\s+processor/static-filter \\(traces: beta\\)")
                .contains("receiver/otlp (traces: stable, metrics: beta, logs: beta)");
    }

    @Test
    void defaultConfigValidates() {
        Distribution.Result r = dist.run("validate");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("pipelines.conf: ok");
    }

    @Test
    void configErrorsArePrintedOneLineEachWithExitCode2AndNoStackTrace() {
        Path conf = dist.writeConfig("""
                receivers { otlp { grpc.endpoint = 12 } }
                processors { bogus {} }
                exporters { nop {} }
                pipelines {
                  traces { receivers = [otlp], processors = [bogus], exporters = [nop] }
                  metrics { receivers = [otlp, sysmetrics], exporters = [nop] }
                }
                """);
        Distribution.Result r = dist.run("validate", "--config", conf.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().lines().toList()).allSatisfy(line -> assertThat(line).startsWith("config error: " + conf + ":"))
                .anySatisfy(line -> assertThat(line).contains(":2: processors.bogus: unknown processor type 'bogus'; loaded processor types: static-filter"))
                .anySatisfy(line -> assertThat(line).contains(":6: pipelines.metrics.receivers: 'sysmetrics' is not defined under receivers"));
        assertThat(r.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void everyMistakeOfTheFileIsReportedInOneRun() {
        Path conf = dist.writeConfig("""
                receivers { otlp {} }
                processors {
                  static-filter {
                    sample-rate = 7
                    high-latency-threshold-ms = -5
                    bogus-key = 1
                  }
                }
                stores { duckdb { queue-size = 0 } }
                pipelines { traces { receivers = [otlp], processors = [static-filter], stores = [duckdb] } }
                """);
        Distribution.Result r = dist.run("validate", "--config", conf.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().lines().toList()).containsExactly(
                "config error: " + conf + ":4: processors.static-filter.sample-rate: expected a number from 0.0 to 1.0, got 7",
                "config error: " + conf + ":5: processors.static-filter.high-latency-threshold-ms: expected a number of"
                        + " milliseconds of 0 or more, got -5",
                "config error: " + conf + ":6: processors.static-filter.bogus-key: unknown setting for processor type"
                        + " 'static-filter'",
                "config error: " + conf + ":9: stores.duckdb.queue-size: expected a positive number of batches, got 0");
    }

    @Test
    void missingPluginsDirectoryIsAConfigError() {
        Path conf = dist.writeConfig("""
                agent { plugins-dir = "/nonexistent/plugins" }
                receivers { otlp {} }
                exporters { nop {} }
                pipelines { traces { receivers = [otlp], exporters = [nop] } }
                """);
        Distribution.Result r = dist.run("run", "--config", conf.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("config error: " + conf
                + ":1: agent.plugins-dir: plugins directory /nonexistent/plugins does not exist (set agent.plugins-dir or CORAL_HOME)");
    }
}
