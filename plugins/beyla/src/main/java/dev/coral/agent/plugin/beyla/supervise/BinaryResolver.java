package dev.coral.agent.plugin.beyla.supervise;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the Beyla executable: the {@code binary} setting when set, else {@code BEYLA_PATH}, else
 * {@code beyla} on {@code PATH}, else {@code <CORAL_HOME>/bin/beyla}. The distribution's home comes
 * from the {@code coral.home} system property the launcher sets (plugin-api does not expose it),
 * else the {@code CORAL_HOME} environment variable the launcher exports.
 */
final class BinaryResolver {
    private final Map<String, String> env;
    private final String coralHome;

    /**
     * @param env the agent's environment
     * @param coralHome the {@code coral.home} system property, or null
     */
    BinaryResolver(Map<String, String> env, String coralHome) {
        this.env = env;
        this.coralHome = coralHome != null && !coralHome.isBlank() ? coralHome : env.get("CORAL_HOME");
    }

    /** The executable to run, or empty: then the receiver only receives. */
    Optional<Path> resolve(String configured) {
        if (!configured.isBlank()) {
            return executable(Path.of(configured));
        }
        String fromEnv = env.get("BEYLA_PATH");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return executable(Path.of(fromEnv));
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Optional<Path> found = executable(Path.of(dir, "beyla"));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return coralHome == null || coralHome.isBlank() ? Optional.empty()
                : executable(Path.of(coralHome, "bin", "beyla"));
    }

    /** Where the binary was looked for, for the receive-only log line. */
    String searched(String configured) {
        if (!configured.isBlank()) {
            return "binary=" + configured;
        }
        return "BEYLA_PATH, beyla on PATH, " + (coralHome == null ? "CORAL_HOME unset" : coralHome + "/bin/beyla");
    }

    private static Optional<Path> executable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
    }
}
