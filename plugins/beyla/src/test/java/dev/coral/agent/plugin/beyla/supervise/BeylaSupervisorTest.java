package dev.coral.agent.plugin.beyla.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.testkit.TestComponentContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The supervisor with a real stand-in process: start, restart with backoff, stop, debounce, log limit. */
class BeylaSupervisorTest {
    private static final String ENDPOINT = "127.0.0.1:14999";

    @TempDir
    Path tmp;

    private StandIn standIn;
    private TestComponentContext context;
    private final List<BeylaSupervisor> started = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        standIn = new StandIn(tmp.resolve("standin"));
        context = context();
    }

    @AfterEach
    void stopAll() {
        started.forEach(s -> s.shutdown(Deadline.after(Duration.ofSeconds(5))));
    }

    private TestComponentContext context() throws IOException {
        return TestComponentContext.builder(ComponentKind.RECEIVER, "beyla")
                .dataDir(Files.createDirectories(tmp.resolve("data"))).build();
    }

    private BeylaSupervisor start(TestComponentContext ctx, String extra, Map<String, String> env) {
        BeylaSupervisor s = new BeylaSupervisor(ctx, Configs.quick(standIn.binary, extra), ENDPOINT,
                Configs.env(env), null);
        started.add(s);
        s.start();
        return s;
    }

    /** A supervisor whose first run of the stand-in has set up its signal handling. */
    private BeylaSupervisor startReady(String extra) {
        BeylaSupervisor s = start(context, extra, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.ready(1));
        return s;
    }

    private static long shutdownMillis(BeylaSupervisor s, Duration deadline) {
        long began = System.nanoTime();
        s.shutdown(Deadline.after(deadline));
        return (System.nanoTime() - began) / 1_000_000;
    }

    @Test
    void startsBeylaWithItsConfigFileAndDeltaTemporalityAndWithoutTheAgentsOtlpEnvironment() throws IOException {
        start(context, "", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://elsewhere:1234", "KEEP_ME", "yes"));
        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.ready(1));

        Path configFile = tmp.resolve("data/beyla/beyla-config.yml");
        assertThat(standIn.args(1)).containsExactly("--config=" + configFile);
        assertThat(standIn.env(1)).contains("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta", "KEEP_ME=yes")
                .noneMatch(l -> l.startsWith("OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertThat(standIn.config(1)).isEqualTo(Files.readString(configFile))
                .contains("endpoint: \"http://" + ENDPOINT + "\"", "open_ports: \"18080\"",
                        "target_pids: [" + ProcessHandle.current().pid() + "]");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(context.reports().getLast().message())
                .isEqualTo("beyla: running pid=" + standIn.pid() + " restarts=0 last_exit=none"));
        assertThat(context.telemetry().gauge("coral_beyla_running")).isEqualTo(1.0);
        assertThat(context.telemetry().gauge("coral_beyla_pid")).isEqualTo((double) standIn.pid());
    }

    @Test
    void restartsACrashingBeylaWithGrowingWaitsAndCountsTheRestarts() throws IOException {
        standIn.command("crash", true);
        start(context, "restart { initial-backoff = 200ms, max-backoff = 2s }", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> standIn.startTimes().size() >= 4);
        standIn.command("crash", false);

        List<Long> t = standIn.startTimes();
        long gap1 = (t.get(1) - t.get(0)) / 1_000_000;
        long gap3 = (t.get(3) - t.get(2)) / 1_000_000;
        // Waits 200, 400, 800 ms (plus start-up): the third is at least twice the first.
        assertThat(gap1).isGreaterThanOrEqualTo(200);
        assertThat(gap3).isGreaterThanOrEqualTo(2 * gap1 - 100).isGreaterThanOrEqualTo(800);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(context.telemetry().value("coral_beyla_restarts")).isEqualTo(standIn.starts() - 1);
            assertThat(context.reports().getLast().message()).startsWith("beyla: running pid=" + standIn.pid())
                    .contains("last_exit=signal SEGV");
        });
        assertThat(context.reports()).anySatisfy(r -> {
            assertThat(r.health()).isEqualTo(Health.DEGRADED);
            assertThat(r.message()).startsWith("beyla: exited (signal SEGV), restart in ");
        });
        assertThat(context.telemetry().gauge("coral_beyla_last_exit_code")).isEqualTo(139.0);
    }

    @Test
    void restartsABeylaThatExitsWithACode() throws IOException {
        standIn.command("exit", true);
        start(context, "", Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.starts() >= 2);
        assertThat(context.reports()).anySatisfy(r -> assertThat(r.message()).startsWith("beyla: exited (code 3)"));
    }

    @Test
    void shutdownSendsSigtermWhichTheStandInHonours() throws Exception {
        BeylaSupervisor s = startReady("stop-grace = 10s");
        long pid = standIn.pid();

        long tookMs = shutdownMillis(s, Duration.ofSeconds(20));

        assertThat(standIn.events()).contains("TERM " + pid);
        assertThat(StandIn.alive(pid)).isFalse();
        assertThat(tookMs).isLessThan(5_000);
        assertThat(context.telemetry().gauge("coral_beyla_running")).isEqualTo(0.0);
    }

    @Test
    void shutdownSendsSigkillAfterTheGraceWhenSigtermIsIgnored() throws Exception {
        standIn.command("ignore-term", true);
        BeylaSupervisor s = startReady("stop-grace = 700ms");
        long pid = standIn.pid();

        long tookMs = shutdownMillis(s, Duration.ofSeconds(20));

        assertThat(StandIn.alive(pid)).isFalse();
        assertThat(standIn.events()).doesNotContain("TERM");
        assertThat(tookMs).isBetween(700L, 5_000L);
        assertThat(context.telemetry().gauge("coral_beyla_last_exit_code")).isEqualTo(137.0);
    }

    @Test
    void theDeadlineBoundsTheGrace() throws Exception {
        standIn.command("ignore-term", true);
        BeylaSupervisor s = startReady("stop-grace = 30s");
        long pid = standIn.pid();

        long tookMs = shutdownMillis(s, Duration.ofMillis(500));

        assertThat(tookMs).isLessThan(3_000);
        await().atMost(Duration.ofSeconds(3)).until(() -> !StandIn.alive(pid));
    }

    @Test
    void theWatchdogGuardForwardsSigtermAndReportsBeylasExit() throws Exception {
        BeylaSupervisor s = startReady("orphan-guard = watchdog");
        long pid = standIn.pid();
        assertThat(context.telemetry().gauge("coral_beyla_pid")).isNotEqualTo((double) pid); // the sh parent's pid

        s.shutdown(Deadline.after(Duration.ofSeconds(10)));

        assertThat(standIn.events()).contains("TERM " + pid);
        assertThat(StandIn.alive(pid)).isFalse();
    }

    @Test
    void aBeylaLeftRunningWithOurConfigIsKilledBeforeANewOneStarts() throws Exception {
        Path configFile = tmp.resolve("data/beyla/beyla-config.yml");
        Process leftover = new ProcessBuilder(standIn.binary.toString(), "--config=" + configFile)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("leftover.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> standIn.ready(1));
            Files.createDirectories(configFile.getParent());
            new SupervisorRecord(configFile.resolveSibling("supervisor.properties"))
                    .write(new SupervisorRecord.Last(1, leftover.pid(), 0)); // an earlier agent's Beyla

            start(context, "", Map.of());

            await().atMost(Duration.ofSeconds(10)).until(() -> standIn.ready(2));
            assertThat(leftover.isAlive()).isFalse();
            assertThat(leftover.exitValue()).isEqualTo(137);
        } finally {
            leftover.destroyForcibly();
        }
    }

    @Test
    void withoutABinaryTheReceiverOnlyReceivesAndSaysSo() throws IOException {
        var ctx = context();
        BeylaSupervisor s = new BeylaSupervisor(ctx, Configs.read("discovery.services = [ { open-ports = \"18080\" } ]"),
                ENDPOINT, Map.of("PATH", tmp.resolve("empty").toString()), tmp.resolve("no-home").toString());
        started.add(s);
        s.start();

        assertThat(ctx.reports()).extracting(TestComponentContext.StatusReport::message)
                .containsExactly("beyla: receive-only, no binary");
        assertThat(ctx.reports().getFirst().health()).isEqualTo(Health.OK);
        assertThat(ctx.telemetry().gauge("coral_beyla_running")).isEqualTo(0.0);
        assertThat(Files.exists(tmp.resolve("data/beyla/beyla-config.yml"))).isFalse();
    }

    @Test
    void aBurstOfReloadsStartsBeylaOnceAfterTheDebounce() throws Exception {
        BeylaSupervisor first = start(context, "", Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.starts() == 1);
        first.shutdown(Deadline.after(Duration.ofSeconds(5)));

        // Reload 1: replaced again within the debounce, so it never starts Beyla.
        BeylaSupervisor second = start(context(), "", Map.of());
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> standIn.starts() == 1);
        second.shutdown(Deadline.after(Duration.ofSeconds(5)));
        long lastStop = System.nanoTime();

        // Reload 2: starts once, a debounce after the last stop.
        start(context(), "", Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.starts() == 2);
        assertThat((System.nanoTime() - lastStop) / 1_000_000).isGreaterThanOrEqualTo(900);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> standIn.starts() == 2);
    }

    /** What was logged so far (the appender appends under its own lock). */
    private static List<String> lines(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private static long copied(ListAppender<ILoggingEvent> appender) {
        return lines(appender).stream().filter(l -> l.startsWith("beyla: flood line") || l.startsWith("beyla: time=now level=INFO")).count();
    }

    private static long suppressed(ListAppender<ILoggingEvent> appender) {
        return lines(appender).stream().filter(l -> l.startsWith("beyla: suppressed "))
                .mapToLong(l -> Long.parseLong(l.split(" ")[2])).sum();
    }

    @Test
    void floodedOutputIsRateLimitedWithASuppressedLine() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(BeylaSupervisor.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            standIn.command("flood", true);
            BeylaSupervisor s = start(context, "log-lines-per-second = 10", Map.of());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lines(appender))
                    .anySatisfy(l -> assertThat(l).startsWith("beyla: more than 10 lines/s of output")));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(standIn.dir.resolve("flood-done")));
            s.shutdown(Deadline.after(Duration.ofSeconds(5)));
            // Every one of the 301 lines ends up in the log or counted (the count once the stream ends).
            await().atMost(Duration.ofSeconds(5)).until(() -> copied(appender) + suppressed(appender) == 301);
            long copied = copied(appender);
            assertThat(copied).isBetween(10L, 40L);
        } finally {
            log.detachAppender(appender);
        }
    }
}
