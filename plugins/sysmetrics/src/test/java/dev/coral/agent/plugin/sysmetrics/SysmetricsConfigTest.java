package dev.coral.agent.plugin.sysmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.testkit.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysmetricsConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsSampleEverythingEvery15Seconds() {
        SysmetricsConfig d = parse("");
        assertThat(d).isEqualTo(new SysmetricsReceiverFactory().factory().defaultConfig());
        assertThat(d.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(d.scrapers()).isEqualTo(EnumSet.allOf(ScraperKind.class));
        assertThat(d.deltas()).isTrue();
        assertThat(d.interfaces().keeps("lo")).isFalse();
        assertThat(d.interfaces().keeps("eth0")).isTrue();
        assertThat(d.filesystemTypes().keeps("tmpfs")).isFalse();
        assertThat(d.filesystemTypes().keeps("overlay")).isFalse();
        assertThat(d.filesystemTypes().keeps("ext4")).isTrue();
        assertThat(d.disks().keeps("loop0")).isFalse();
        assertThat(d.disks().keeps("dm-0")).isFalse();
        assertThat(d.disks().keeps("nvme0n1")).isTrue();
    }

    @Test
    void everySettingIsRead() {
        SysmetricsConfig c = parse("""
                interval = 30s
                deltas = false
                scrapers { cpu = true, memory = true, disk = false, filesystem = true, network = true, load = false }
                disk { include-devices = ["sd*"], exclude-devices = [] }
                filesystem { include-mounts = ["/", "/data*"], exclude-mounts = ["/data/tmp"], exclude-types = [tmpfs] }
                network { include-interfaces = ["regex:eth\\\\d+"], exclude-interfaces = [] }
                """);
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.deltas()).isFalse();
        assertThat(c.scrapers()).containsExactlyInAnyOrder(ScraperKind.CPU, ScraperKind.MEMORY,
                ScraperKind.FILESYSTEM, ScraperKind.NETWORK);
        assertThat(c.disks().keeps("sda")).isTrue();
        assertThat(c.disks().keeps("vda")).isFalse();
        assertThat(c.mounts().keeps("/")).isTrue();
        assertThat(c.mounts().keeps("/data2")).isTrue();
        assertThat(c.mounts().keeps("/data/tmp")).isFalse();
        assertThat(c.mounts().keeps("/home")).isFalse();
        assertThat(c.filesystemTypes().keeps("overlay")).isTrue();
        assertThat(c.interfaces().keeps("eth12")).isTrue();
        assertThat(c.interfaces().keeps("lo")).isFalse(); // not included, though the exclude list is now empty
        assertThat(c.interfaces().exclude()).isEmpty();
    }

    @Test
    void badValuesNameFileLineAndKey() {
        assertThatThrownBy(() -> build("""
                receivers {
                  sysmetrics {
                    interval = 10ms
                  }
                }
                """)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("pipelines.conf:3: receivers.sysmetrics.interval: expected a duration of at least 500ms, got \"10ms\"");
        assertThatThrownBy(() -> build("""
                receivers { sysmetrics {
                  network { exclude-interfaces = ["regex:(veth"] }
                } }
                """)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("pipelines.conf:2: receivers.sysmetrics.network.exclude-interfaces: expected globs or regex:<java regex> patterns");
        assertThatThrownBy(() -> build("""
                receivers { sysmetrics {
                  scrapers { gpu = true }
                } }
                """)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("pipelines.conf:2: receivers.sysmetrics.scrapers.gpu: unknown setting for receiver type 'sysmetrics'");
        assertThatThrownBy(() -> build("""
                receivers { sysmetrics {
                  scrapers { cpu = false, memory = false, disk = false, filesystem = false, network = false, load = false }
                } }
                """)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("receivers.sysmetrics.scrapers: expected at least one scraper set to true");
    }

    private void build(String receivers) throws InvalidConfigException {
        AgentRuntime.builder().home(dir).loadPlugins(false).factory(new SysmetricsReceiverFactory())
                .factory(new MetricRowsStoreFactory())
                .configText(receivers + """
                        stores { metric-rows {} }
                        pipelines { metrics { receivers = [sysmetrics], stores = [metric-rows] } }
                        """).build();
    }

    private static SysmetricsConfig parse(String hocon) {
        Settings s = Settings.of(ConfigFactory.parseString(hocon, ConfigParseOptions.defaults()
                .setOriginDescription("pipelines.conf")), "receivers.sysmetrics", "pipelines.conf");
        SysmetricsConfig c = TestConfigs.read(new SysmetricsReceiverFactory().factory(), s);
        assertThat(s.unreadKeys()).isEmpty();
        return c;
    }
}
