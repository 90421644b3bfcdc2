package dev.coral.agent.plugin.beyla.config;

import dev.coral.agent.api.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How Beyla is found, configured and run.
 *
 * @param binary the Beyla executable; empty: {@code BEYLA_PATH}, then {@code beyla} on {@code PATH},
 *     then {@code <CORAL_HOME>/bin/beyla}
 * @param services which processes Beyla instruments ({@code discovery.services})
 * @param excludePorts processes listening on these ports are never instrumented: the agent's own
 *     ports ({@code discovery.exclude-ports})
 * @param protocols what Beyla exports: any of {@code http, grpc, sql} (Beyla's instrumentations)
 * @param routePatterns URL path patterns that become {@code http.route} ({@code routes.patterns})
 * @param ignoredRoutes URL path patterns whose requests are dropped ({@code routes.ignored})
 * @param unmatchedRoutes what Beyla makes of a path no pattern matches ({@code routes.unmatched})
 * @param sqlQueryText whether spans carry the SQL statement text ({@code sql.query-text}); off,
 *     Beyla keeps only operation and table
 * @param initialBackoff the wait before the first restart after Beyla dies
 * @param maxBackoff the longest wait between restarts (the backoff doubles up to it)
 * @param healthyAfter a run this long resets the backoff
 * @param stopGrace how long Beyla has to exit after SIGTERM before SIGKILL
 * @param reloadDebounce a Beyla stopped less than this ago by the same agent (a config reload) is
 *     started again only after this quiet time, so a burst of reloads restarts it once
 * @param logLinesPerSecond Beyla's output lines copied into the agent's log per second; the rest
 *     is counted in one "suppressed" line
 * @param orphanGuard how Beyla is made to die with the agent
 */
public record SupervisionConfig(
        String binary,
        List<DiscoveryRule> services,
        String excludePorts,
        List<String> protocols,
        List<String> routePatterns,
        List<String> ignoredRoutes,
        String unmatchedRoutes,
        boolean sqlQueryText,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration healthyAfter,
        Duration stopGrace,
        Duration reloadDebounce,
        int logLinesPerSecond,
        OrphanGuard orphanGuard) {

    /** How the child is tied to the agent's life. */
    public enum OrphanGuard {
        /** {@code setpriv --pdeathsig KILL} when present, else {@code watchdog}. */
        AUTO,
        /** util-linux {@code setpriv --pdeathsig KILL}: the kernel kills Beyla when the agent dies. */
        SETPRIV,
        /** A small {@code sh} parent that polls the agent's pid and kills Beyla when it is gone. */
        WATCHDOG
    }

    private static final Set<String> PROTOCOLS = Set.of("http", "grpc", "sql");
    private static final Set<String> UNMATCHED = Set.of("unset", "path", "wildcard", "heuristic", "low-cardinality");

    public SupervisionConfig {
        services = List.copyOf(services);
        protocols = List.copyOf(protocols);
        routePatterns = List.copyOf(routePatterns);
        ignoredRoutes = List.copyOf(ignoredRoutes);
    }

    public static SupervisionConfig defaults() {
        return new SupervisionConfig("", List.of(), "4317-4320,9001", List.of("http", "grpc", "sql"), List.of(),
                List.of(), "heuristic", false, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5),
                Duration.ofSeconds(5), Duration.ofSeconds(2), 20, OrphanGuard.AUTO);
    }

    public static SupervisionConfig read(Settings s, SupervisionConfig d) {
        Settings discovery = s.section("discovery");
        List<DiscoveryRule> services = new ArrayList<>();
        discovery.sectionList("services").forEach(e -> services.add(DiscoveryRule.read(e)));
        if (!discovery.has("services")) {
            services.addAll(d.services());
        }
        String excludePorts = discovery.string("exclude-ports", d.excludePorts(),
                p -> p.isEmpty() || p.replace(" ", "").matches("\\d{1,5}(-\\d{1,5})?(,\\d{1,5}(-\\d{1,5})?)*"),
                "ports and ranges such as \"9001\" or \"4000-4010,9001\"").replace(" ", "");
        List<String> protocols = s.strings("protocols", d.protocols());
        if (!PROTOCOLS.containsAll(protocols)) {
            s.reject("protocols", "a list of http, grpc, sql");
            protocols = d.protocols();
        }
        Settings routes = s.section("routes");
        Settings restart = s.section("restart");
        Duration positive = Duration.ofMillis(1);
        return new SupervisionConfig(
                s.string("binary", d.binary()),
                services,
                excludePorts,
                protocols,
                routes.strings("patterns", d.routePatterns()),
                routes.strings("ignored", d.ignoredRoutes()),
                routes.string("unmatched", d.unmatchedRoutes(), UNMATCHED::contains,
                        "one of unset, path, wildcard, heuristic, low-cardinality"),
                s.section("sql").flag("query-text", d.sqlQueryText()),
                restart.duration("initial-backoff", d.initialBackoff(), v -> v.compareTo(positive) >= 0, "at least 1ms"),
                restart.duration("max-backoff", d.maxBackoff(), v -> v.compareTo(positive) >= 0, "at least 1ms"),
                restart.duration("healthy-after", d.healthyAfter(), v -> !v.isNegative(), "zero or more"),
                s.duration("stop-grace", d.stopGrace(), v -> !v.isNegative(), "zero or more"),
                s.duration("reload-debounce", d.reloadDebounce(), v -> !v.isNegative(), "zero or more"),
                s.integer("log-lines-per-second", d.logLinesPerSecond(), n -> n > 0, "more than 0"),
                OrphanGuard.valueOf(s.string("orphan-guard", d.orphanGuard().name().toLowerCase(),
                        v -> Set.of("auto", "setpriv", "watchdog").contains(v), "one of auto, setpriv, watchdog")
                        .toUpperCase()));
    }
}
