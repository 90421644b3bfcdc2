package dev.coral.agent.plugin.beyla.supervise;

import dev.coral.agent.plugin.beyla.config.SupervisionConfig.OrphanGuard;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line and environment that run Beyla so that it dies with the agent, even when the
 * agent is SIGKILLed. {@code PR_SET_PDEATHSIG} can only be set in the child, and Java runs no code
 * there; util-linux {@code setpriv --pdeathsig KILL} sets it and then execs Beyla (same pid). The
 * kernel sends the signal when the <em>thread</em> that forked the child ends, so the supervisor
 * forks from its own long-lived thread. Without setpriv a small {@code sh} parent polls the agent's
 * pid once a second and SIGKILLs Beyla when the agent is gone; it forwards SIGTERM to Beyla and
 * exits with Beyla's status.
 */
final class ChildCommand {
    /**
     * {@code sh -c} script: $1 the agent's pid, the rest Beyla's command line. The SIGTERM trap is
     * set before Beyla starts, so a stop that comes at once still reaches Beyla.
     */
    static final String WATCHDOG = """
            agent=$1; shift
            child=; stop=
            trap 'stop=1; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null' TERM
            "$@" &
            child=$!
            [ -n "$stop" ] && kill -TERM "$child" 2>/dev/null
            ( while kill -0 "$agent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
              kill -KILL "$child" 2>/dev/null ) </dev/null >/dev/null 2>&1 &
            while :; do
              wait "$child"; rc=$?
              kill -0 "$child" 2>/dev/null || break
            done
            exit $rc
            """;

    private final List<String> command;
    private final String guard;

    private ChildCommand(List<String> command, String guard) {
        this.command = List.copyOf(command);
        this.guard = guard;
    }

    /**
     * @param env the agent's environment, to find {@code setpriv} on {@code PATH}
     */
    static ChildCommand of(OrphanGuard wanted, Map<String, String> env, Path binary, Path configFile, long agentPid) {
        List<String> beyla = List.of(binary.toString(), "--config=" + configFile);
        Path setpriv = wanted == OrphanGuard.WATCHDOG ? null : findSetpriv(env);
        List<String> cmd = new ArrayList<>();
        if (setpriv != null) {
            cmd.addAll(List.of(setpriv.toString(), "--pdeathsig", "KILL", "--"));
            cmd.addAll(beyla);
            return new ChildCommand(cmd, "setpriv --pdeathsig KILL");
        }
        cmd.addAll(List.of("/bin/sh", "-c", WATCHDOG, "coral-beyla-watchdog", Long.toString(agentPid)));
        cmd.addAll(beyla);
        return new ChildCommand(cmd, wanted == OrphanGuard.SETPRIV
                ? "sh watchdog polling the agent pid (setpriv not found)" : "sh watchdog polling the agent pid");
    }

    private static Path findSetpriv(Map<String, String> env) {
        List<String> dirs = new ArrayList<>(List.of(env.getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, "setpriv");
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * A process builder for this command: output merged, OTLP environment pinned to our receiver.
     *
     * @param agentEnv the environment Beyla inherits (the agent's)
     */
    ProcessBuilder builder(Map<String, String> agentEnv) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(agentEnv);
        // Beyla reads these after the YAML and they would win over it: the endpoint must stay ours.
        env.keySet().removeIf(k -> k.startsWith("OTEL_EXPORTER_OTLP_") || k.equals("BEYLA_CONFIG_PATH"));
        // Beyla's YAML has no temporality key; its OTLP metrics exporter reads this variable.
        env.put("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "delta");
        return pb;
    }

    List<String> command() {
        return command;
    }

    /** How Beyla is tied to the agent's life, for the log. */
    String guard() {
        return guard;
    }
}
