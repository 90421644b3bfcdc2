package dev.coral.agent.runtime.config;

import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.api.config.Endpoint;
import dev.coral.agent.api.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code agent} block: where the agent keeps data and finds plugins, its API addresses,
 * and runtime bounds. Relative paths resolve against the agent's home (the distribution's
 * root, set by the launcher), or the working directory.
 *
 * @param dataDir {@code data-dir}: DuckDB files and the agent id live here
 * @param pluginsDir {@code plugins-dir}: PF4J plugins (zips, jars or directories)
 * @param extraPluginsDirs plugins loaded beside {@code plugins-dir}: the operator's ({@link AgentDirectories})
 * @param apiListen {@code api.listen}: Agent API addresses, loopback by default; only what is listed is
 *     bound (a wildcard such as 0.0.0.0 must be written out); an empty list turns the API off
 * @param maxInflightBytes {@code max-inflight}: heap that received data not yet durable may hold,
 *     across receivers (receivers reserve a request's decoded size, not its wire size)
 * @param shutdownTimeout {@code shutdown-timeout}: how long a stop may take: draining in-flight batches,
 *     then shutting down the components (each gets what is left; see {@code Component#shutdown})
 * @param pluginsDirLocation where {@code plugins-dir} is set ("file:line"), for messages
 */
public record AgentSettings(Path dataDir, Path pluginsDir, List<Path> extraPluginsDirs, List<String> apiListen,
        long maxInflightBytes, Duration shutdownTimeout, String pluginsDirLocation) {

    public static final String SECTION = "agent";

    public static AgentSettings defaults(AgentDirectories dirs) {
        return new AgentSettings(dirs.dataDir(), dirs.home().resolve("plugins"), dirs.extraPluginsDirs(),
                List.of("127.0.0.1:9001"), defaultMaxInflight(), Duration.ofSeconds(10), "");
    }

    /** Every plugins directory: {@code plugins-dir} first, then the extra ones. */
    public List<Path> allPluginsDirs() {
        List<Path> all = new ArrayList<>();
        all.add(pluginsDir);
        extraPluginsDirs.stream().filter(d -> !d.equals(pluginsDir)).forEach(all::add);
        return all;
    }

    /** A quarter of the heap (40 MiB with the launcher's -Xmx160m): the rest is the agent's own. */
    static long defaultMaxInflight() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /** Reads the block over {@link #defaults}; problems are recorded in {@code s}. */
    public static AgentSettings parse(Settings s, AgentDirectories dirs) {
        Path home = dirs.home();
        AgentSettings d = defaults(dirs);
        Path dataDir = home.resolve(s.string("data-dir", d.dataDir.toString())).normalize();
        Path pluginsDir = home.resolve(s.string("plugins-dir", d.pluginsDir.toString())).normalize();
        List<String> listen = s.strings("api.listen", d.apiListen);
        List<Endpoint> addresses = new ArrayList<>();
        for (String address : listen) {
            try {
                addresses.add(Endpoint.parse(address));
            } catch (IllegalArgumentException bad) {
                s.reject("api.listen", "a list of host:port addresses");
                listen = d.apiListen;
                addresses.clear();
                break;
            }
        }
        requireNoCollision(addresses, s);
        long heap = Runtime.getRuntime().maxMemory();
        long maxInflight = s.bytes("max-inflight", d.maxInflightBytes, bytes -> bytes > 0 && bytes <= heap / 2,
                "a positive size of at most half of the JVM's maximum heap (" + (heap >> 20)
                        + " MiB; raise -Xmx in CORAL_JAVA_OPTS for more), such as 128MiB");
        Duration shutdown = s.duration("shutdown-timeout", d.shutdownTimeout, t -> !t.isNegative(),
                "a duration of 0 or more");
        return new AgentSettings(dataDir, pluginsDir, d.extraPluginsDirs, listen, maxInflight, shutdown,
                s.locationOf("plugins-dir"));
    }

    /** Two addresses one process cannot bind together fail at start; say so when validating. */
    private static void requireNoCollision(List<Endpoint> addresses, Settings s) {
        for (int i = 1; i < addresses.size(); i++) {
            Endpoint later = addresses.get(i);
            for (Endpoint earlier : addresses.subList(0, i)) {
                if (!later.collidesWith(earlier)) {
                    continue;
                }
                String why;
                if (later.sameAs(earlier)) {
                    why = later + " is listed twice; each address can be bound only once";
                } else {
                    // [::] is dual-stack: beside 0.0.0.0, it is the one that covers the other.
                    boolean laterCovers = later.isWildcard() && (!earlier.isWildcard() || later.host().contains(":"));
                    Endpoint wildcard = laterCovers ? later : earlier;
                    Endpoint specific = laterCovers ? earlier : later;
                    why = specific + " cannot be bound beside " + wildcard + ", which already listens on every"
                            + " address of port " + wildcard.port() + "; list one or the other";
                }
                s.record(new ConfigProblem(s.locationOf("api.listen"), SECTION + ".api.listen", why));
                return;
            }
        }
    }
}
