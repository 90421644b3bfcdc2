package dev.coral.agent.runtime.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the agent finds its distribution, keeps its data and finds an operator's config and
 * extra plugins. The distribution ({@code home}) is build or package output, replaced by every
 * rebuild or upgrade, so a daemon keeps nothing of the user's there (DESIGN.md "Where state
 * lives"):
 * <ul>
 *   <li>data: {@code CORAL_DATA_DIR}, else {@code /var/lib/coral-agent} as root, else
 *       {@code $XDG_STATE_HOME/coral-agent} ({@code ~/.local/state/coral-agent}); the config's
 *       {@code agent.data-dir} overrides it;
 *   <li>operator directory: {@code CORAL_CONFIG_DIR}, else {@code /etc/coral-agent} as root, else
 *       {@code $XDG_CONFIG_HOME/coral-agent} ({@code ~/.config/coral-agent}); its
 *       {@code pipelines.conf} is the default config when present, and plugins in its
 *       {@code plugins/} load beside the distribution's.
 * </ul>
 * {@link #under} keeps everything in one directory instead: for tests and embedding.
 *
 * @param home the distribution's root: relative paths in the config resolve against it
 * @param dataDir the data directory when the config does not set {@code agent.data-dir}
 * @param operatorDir the operator's config directory, when there is one to look in
 */
public record AgentDirectories(Path home, Path dataDir, Optional<Path> operatorDir) {
    static final String NAME = "coral-agent";

    /** Everything under {@code home}: data in {@code home/data}, no operator directory. */
    public static AgentDirectories under(Path home) {
        return new AgentDirectories(home, home.resolve("data"), Optional.empty());
    }

    /** A daemon's conventions, from this process's environment and user. */
    public static AgentDirectories standard(Path home) {
        return standard(home, System.getenv(), runningAsRoot(), Path.of(System.getProperty("user.home")));
    }

    /** As {@link #standard(Path)} for a given environment, user and home directory. */
    public static AgentDirectories standard(Path home, Map<String, String> env, boolean root, Path userHome) {
        Path data = fromEnv(env, "CORAL_DATA_DIR")
                .orElseGet(() -> root ? Path.of("/var/lib", NAME)
                        : fromEnv(env, "XDG_STATE_HOME").orElse(userHome.resolve(".local/state")).resolve(NAME));
        Path operator = fromEnv(env, "CORAL_CONFIG_DIR")
                .orElseGet(() -> root ? Path.of("/etc", NAME)
                        : fromEnv(env, "XDG_CONFIG_HOME").orElse(userHome.resolve(".config")).resolve(NAME));
        return new AgentDirectories(home, data, Optional.of(operator));
    }

    /** The config to use without {@code --config}: the operator's, else the distribution's, else ./pipelines.conf. */
    public Path defaultConfigFile() {
        Optional<Path> operator = operatorDir.map(d -> d.resolve("pipelines.conf")).filter(Files::isRegularFile);
        if (operator.isPresent()) {
            return operator.get();
        }
        Path inHome = home.resolve("conf").resolve("pipelines.conf");
        return Files.isRegularFile(inHome) ? inHome : Path.of("pipelines.conf");
    }

    /** The operator's extra plugins directory, when it exists. */
    public List<Path> extraPluginsDirs() {
        List<Path> out = new ArrayList<>();
        operatorDir.map(d -> d.resolve("plugins")).filter(Files::isDirectory).ifPresent(out::add);
        return out;
    }

    private static Optional<Path> fromEnv(Map<String, String> env, String name) {
        String value = env.get(name);
        // XDG: a relative path in these variables is invalid and is to be ignored.
        return value == null || value.isBlank() || !Path.of(value).isAbsolute() && name.startsWith("XDG_")
                ? Optional.empty() : Optional.of(Path.of(value).toAbsolutePath().normalize());
    }

    /** Whether this process runs as root: {@code /proc/self} belongs to the process's effective user. */
    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
