package dev.coral.agent.plugin.beyla.supervise;

import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.StatusReporter;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.api.telemetry.Counter;
import java.time.Duration;
import java.util.Map;

/**
 * Beyla's state as the agent shows it: one line in {@code /status} (running pid, restarts, last
 * exit) and the gauges {@code coral_beyla_running}, {@code coral_beyla_pid},
 * {@code coral_beyla_last_exit_code} and the counter {@code coral_beyla_restarts} in
 * {@code /metrics}.
 */
final class BeylaState {
    private final StatusReporter status;
    private final Counter restarts;
    private volatile long pid;
    private volatile int lastExitCode = -1;
    private volatile String lastExit = "none";

    BeylaState(ComponentContext context) {
        this.status = context.status();
        var t = context.telemetry();
        this.restarts = t.counter("coral_beyla_restarts", "Times Beyla was started again after it died");
        t.gauge("coral_beyla_running", "1 while the supervised Beyla process runs", Map.of(), () -> pid > 0 ? 1 : 0);
        t.gauge("coral_beyla_pid", "Pid of the supervised Beyla process (0 when none runs)", Map.of(), () -> pid);
        t.gauge("coral_beyla_last_exit_code", "Exit code of Beyla's last run (128+N: signal N; -1: none yet)",
                Map.of(), () -> lastExitCode);
    }

    void receiveOnly(String why) {
        status.report(Health.OK, "beyla: receive-only, " + why);
    }

    void running(long beylaPid) {
        pid = beylaPid;
        status.report(Health.OK, "beyla: running pid=" + beylaPid + " restarts=" + restarts.value() + " last_exit="
                + lastExit);
    }

    void exited(int code, String how, Duration restartIn) {
        pid = 0;
        lastExitCode = code;
        lastExit = how;
        status.report(Health.DEGRADED, "beyla: exited (" + how + "), restart in " + restartIn.toMillis() + "ms, restarts="
                + restarts.value());
    }

    void stopped(int code) {
        pid = 0;
        lastExitCode = code;
        lastExit = code < 0 ? "none" : ExitStatus.describe(code);
    }

    void restarting() {
        restarts.increment();
    }

    long restarts() {
        return restarts.value();
    }

    String lastExit() {
        return lastExit;
    }

    long pid() {
        return pid;
    }
}
