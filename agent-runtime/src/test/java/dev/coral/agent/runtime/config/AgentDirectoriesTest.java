package dev.coral.agent.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentDirectoriesTest {
    private static final Path USER_HOME = Path.of("/home/ann");

    @TempDir
    Path tmp;

    @Test
    void rootKeepsDataInVarLibAndReadsEtc() {
        AgentDirectories dirs = AgentDirectories.standard(tmp, Map.of(), true, USER_HOME);
        assertThat(dirs.dataDir()).isEqualTo(Path.of("/var/lib/coral-agent"));
        assertThat(dirs.operatorDir()).contains(Path.of("/etc/coral-agent"));
        assertThat(dirs.home()).isEqualTo(tmp);
    }

    @Test
    void aUserKeepsDataInXdgStateAndReadsXdgConfig() {
        assertThat(AgentDirectories.standard(tmp, Map.of(), false, USER_HOME).dataDir())
                .isEqualTo(Path.of("/home/ann/.local/state/coral-agent"));
        assertThat(AgentDirectories.standard(tmp, Map.of(), false, USER_HOME).operatorDir())
                .contains(Path.of("/home/ann/.config/coral-agent"));
        AgentDirectories xdg = AgentDirectories.standard(tmp,
                Map.of("XDG_STATE_HOME", "/srv/state", "XDG_CONFIG_HOME", "/srv/conf"), false, USER_HOME);
        assertThat(xdg.dataDir()).isEqualTo(Path.of("/srv/state/coral-agent"));
        assertThat(xdg.operatorDir()).contains(Path.of("/srv/conf/coral-agent"));
        // The XDG spec: a relative path there is invalid and ignored.
        assertThat(AgentDirectories.standard(tmp, Map.of("XDG_STATE_HOME", "state"), false, USER_HOME).dataDir())
                .isEqualTo(Path.of("/home/ann/.local/state/coral-agent"));
    }

    @Test
    void environmentOverridesForRootAndUsers() {
        Map<String, String> env = Map.of("CORAL_DATA_DIR", "/data/coral", "CORAL_CONFIG_DIR", "/opt/coral-conf");
        for (boolean root : new boolean[] {true, false}) {
            AgentDirectories dirs = AgentDirectories.standard(tmp, env, root, USER_HOME);
            assertThat(dirs.dataDir()).isEqualTo(Path.of("/data/coral"));
            assertThat(dirs.operatorDir()).contains(Path.of("/opt/coral-conf"));
        }
    }

    @Test
    void theOperatorsConfigAndPluginsWinWhenPresent() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("dist"));
        Path operator = tmp.resolve("etc");
        AgentDirectories dirs = AgentDirectories.standard(home, Map.of("CORAL_CONFIG_DIR", operator.toString()),
                true, USER_HOME);
        assertThat(dirs.defaultConfigFile()).isEqualTo(Path.of("pipelines.conf"));
        assertThat(dirs.extraPluginsDirs()).isEmpty();

        Path shipped = Files.writeString(Files.createDirectories(home.resolve("conf")).resolve("pipelines.conf"), "");
        assertThat(dirs.defaultConfigFile()).isEqualTo(shipped);

        Path own = Files.writeString(Files.createDirectories(operator).resolve("pipelines.conf"), "");
        Path plugins = Files.createDirectories(operator.resolve("plugins"));
        assertThat(dirs.defaultConfigFile()).isEqualTo(own);
        assertThat(dirs.extraPluginsDirs()).containsExactly(plugins);
    }

    @Test
    void theConfigsDataDirWinsAndPluginsDirsListTheOperatorsLast() throws Exception {
        Path operator = Files.createDirectories(tmp.resolve("etc/plugins")).getParent();
        AgentDirectories dirs = AgentDirectories.standard(tmp, Map.of("CORAL_CONFIG_DIR", operator.toString(),
                "CORAL_DATA_DIR", "/data/coral"), false, USER_HOME);
        assertThat(parse(new ConfigLoader(dirs), "agent { data-dir = /srv/mine }").agent().dataDir())
                .isEqualTo(Path.of("/srv/mine"));
        PipelinesConfig unset = parse(new ConfigLoader(dirs), "");
        assertThat(unset.agent().dataDir()).isEqualTo(Path.of("/data/coral"));
        assertThat(unset.agent().allPluginsDirs()).containsExactly(tmp.resolve("plugins"), operator.resolve("plugins"));
        // Tests and embedding keep everything under one directory.
        assertThat(parse(new ConfigLoader(tmp), "").agent().dataDir()).isEqualTo(tmp.resolve("data"));
    }

    private static PipelinesConfig parse(ConfigLoader loader, String agentBlock) throws InvalidConfigException {
        return loader.parse(ConfigFactory.parseString(agentBlock + """

                receivers { otlp {} }
                stores { duckdb {} }
                pipelines { traces { receivers = [otlp], stores = [duckdb] } }
                """), "pipelines.conf");
    }
}
