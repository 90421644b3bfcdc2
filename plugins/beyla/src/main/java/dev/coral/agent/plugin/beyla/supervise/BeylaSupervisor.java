package dev.coral.agent.plugin.beyla.supervise;

import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.plugin.beyla.config.SupervisionConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Beyla beside the agent: writes its config into {@code <data-dir>/beyla/beyla-config.yml},
 * starts it, restarts it with exponential backoff when it dies, and stops it on shutdown (SIGTERM,
 * then SIGKILL after {@code stop-grace}, within the runtime's deadline). One platform thread per
 * supervisor forks every Beyla run and lives until Beyla is gone, because the parent-death signal
 * that ties Beyla to the agent fires when the forking thread ends (see {@link ChildCommand}).
 *
 * <p>A config reload replaces the component: the old supervisor stops Beyla, the new one starts it
 * with the new config. The new one waits {@code reload-debounce} after the last stop by this same
 * agent, so a burst of reloads starts Beyla once; it also SIGKILLs a Beyla left by an earlier
 * supervisor of this data dir (one whose stop deadline ran out), so two never run at once.
 */
public final class BeylaSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(BeylaSupervisor.class);

    private final ComponentContext context;
    private final SupervisionConfig config;
    private final String otlpGrpcEndpoint;
    private final Map<String, String> env;
    private final BinaryResolver resolver;
    private final long agentPid = ProcessHandle.current().pid();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final Object lock = new Object();
    private BeylaState state;
    private SupervisorRecord record;
    private Thread thread;
    /** The running child, guarded by {@link #lock}; set only by the supervisor thread. */
    private Process process;
    private boolean stopping;

    /**
     * @param otlpGrpcEndpoint where Beyla must export, {@code host:port} of the receiver's loopback gRPC server
     */
    public BeylaSupervisor(ComponentContext context, SupervisionConfig config, String otlpGrpcEndpoint) {
        this(context, config, otlpGrpcEndpoint, System.getenv(), System.getProperty("coral.home"));
    }

    /** With the environment and distribution home given, for tests. */
    BeylaSupervisor(ComponentContext context, SupervisionConfig config, String otlpGrpcEndpoint,
            Map<String, String> env, String coralHome) {
        this.context = context;
        this.config = config;
        this.otlpGrpcEndpoint = otlpGrpcEndpoint;
        this.env = Map.copyOf(env);
        this.resolver = new BinaryResolver(this.env, coralHome);
    }

    /** Starts Beyla if a binary is there; else says once that the receiver only receives. */
    public void start() {
        state = new BeylaState(context);
        Optional<Path> binary = resolver.resolve(config.binary());
        if (binary.isEmpty()) {
            LOG.info("beyla: receive-only, no binary (looked for {})", resolver.searched(config.binary()));
            state.receiveOnly("no binary");
            return;
        }
        if (config.services().isEmpty()) {
            LOG.warn("beyla: receive-only, discovery.services is empty: Beyla is not started (binary={})", binary.get());
            state.receiveOnly("no discovery.services configured");
            return;
        }
        Path dir = context.dataDir().resolve("beyla");
        Path configFile = dir.resolve("beyla-config.yml");
        try {
            Files.createDirectories(dir);
            Files.writeString(configFile, BeylaYaml.render(config, otlpGrpcEndpoint, agentPid), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("beyla: cannot write " + configFile, e);
        }
        record = new SupervisorRecord(dir.resolve("supervisor.properties"));
        ChildCommand command = ChildCommand.of(config.orphanGuard(), env, binary.get(), configFile, agentPid);
        LOG.info("beyla: supervising binary={} config={} otlp=grpc://{} orphan_guard=\"{}\"", binary.get(), configFile,
                otlpGrpcEndpoint, command.guard());
        thread = Thread.ofPlatform().name("beyla-supervisor").daemon(true)
                .start(() -> supervise(command, configFile));
    }

    /** SIGTERM, SIGKILL after {@code stop-grace} (or when the deadline comes), then the thread ends. */
    public void shutdown(Deadline deadline) {
        Process p;
        synchronized (lock) {
            stopping = true;
            p = process;
        }
        stopSignal.countDown();
        if (thread == null) {
            return;
        }
        try {
            if (p != null) {
                stop(p, deadline);
            }
            thread.join(deadline.remaining());
            // A Beyla still alive here (deadline gone) is recorded, for the next supervisor to kill.
            long left = p != null && p.isAlive() ? p.pid() : 0;
            remember(new SupervisorRecord.Last(agentPid, left, System.currentTimeMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop(Process p, Deadline deadline) throws InterruptedException {
        p.destroy();
        Duration grace = config.stopGrace().compareTo(deadline.remaining()) < 0 ? config.stopGrace()
                : deadline.remaining();
        if (p.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
            return;
        }
        LOG.warn("beyla: pid={} still running {}ms after SIGTERM, sending SIGKILL", p.pid(), grace.toMillis());
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        // A SIGKILLed process is gone within milliseconds: wait for it a little even past the
        // deadline; one still there is recorded, and the next supervisor kills it before starting.
        p.waitFor(Math.max(deadline.remaining().toMillis(), 100), TimeUnit.MILLISECONDS);
    }

    private void supervise(ChildCommand command, Path configFile) {
        try {
            if (!debounce()) {
                return;
            }
            killLeftover(configFile);
            RestartBackoff backoff = new RestartBackoff(config.initialBackoff(), config.maxBackoff(),
                    config.healthyAfter());
            while (true) {
                long began = System.nanoTime();
                Process p;
                synchronized (lock) {
                    if (stopping) {
                        return;
                    }
                    p = launch(command);
                    process = p;
                }
                int code = -1;
                String how;
                if (p != null) {
                    remember(new SupervisorRecord.Last(agentPid, p.pid(), 0));
                    state.running(p.pid());
                    LOG.info("beyla: started pid={} restarts={}", p.pid(), state.restarts());
                    Thread.ofPlatform().name("beyla-output").daemon(true)
                            .start(new OutputPump(p.getInputStream(), LOG, config.logLinesPerSecond(), "output"));
                    code = waitForExit(p);
                    how = ExitStatus.describe(code);
                    synchronized (lock) {
                        process = null;
                        if (stopping) {
                            state.stopped(code);
                            LOG.info("beyla: stopped pid={} ({})", p.pid(), how);
                            return;
                        }
                    }
                } else {
                    how = "could not be started";
                }
                Duration ran = Duration.ofNanos(System.nanoTime() - began);
                Duration wait = backoff.afterRun(ran);
                state.exited(code, how, wait);
                LOG.warn("beyla: exited ({}) after {}ms; restarting in {}ms (restarts so far {})", how, ran.toMillis(),
                        wait.toMillis(), state.restarts());
                if (stopSignal.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
                state.restarting();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("beyla: supervisor failed, Beyla is no longer supervised: {}", e.toString());
            context.status().report(Health.FAILED, "beyla: supervisor failed: " + e.getMessage());
        }
    }

    /** Without the record only the debounce and the leftover check are lost: Beyla still runs. */
    private void remember(SupervisorRecord.Last last) {
        try {
            record.write(last);
        } catch (IOException e) {
            LOG.warn("beyla: cannot write {}: {}", "supervisor.properties", e.getMessage());
        }
    }

    /** Started under {@link #lock}; null (logged) when the command cannot be run. */
    private Process launch(ChildCommand command) {
        try {
            return command.builder(env).start();
        } catch (IOException e) {
            LOG.warn("beyla: cannot start {}: {}", command.command(), e.getMessage());
            return null;
        }
    }

    private static int waitForExit(Process p) {
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                // Only shutdown stops Beyla, by signals; the exit is what ends this wait.
            }
        }
    }

    /** Waits out {@code reload-debounce} after a stop by this same agent; false when shut down meanwhile. */
    private boolean debounce() throws InterruptedException {
        Optional<SupervisorRecord.Last> last = record.read();
        if (last.isEmpty() || last.get().agentPid() != agentPid || last.get().stoppedAtMillis() == 0) {
            return true;
        }
        long waitMs = last.get().stoppedAtMillis() + config.reloadDebounce().toMillis() - System.currentTimeMillis();
        if (waitMs <= 0) {
            return true;
        }
        LOG.info("beyla: stopped {}ms ago for a config reload; starting in {}ms (reload-debounce)",
                System.currentTimeMillis() - last.get().stoppedAtMillis(), waitMs);
        return !stopSignal.await(waitMs, TimeUnit.MILLISECONDS);
    }

    /** A Beyla of this data dir that an earlier supervisor could not stop in time must not run beside ours. */
    private void killLeftover(Path configFile) {
        record.read().map(SupervisorRecord.Last::beylaPid).filter(pid -> pid > 0).flatMap(ProcessHandle::of)
                .filter(h -> h.info().commandLine().map(c -> c.contains(configFile.toString())).orElse(false))
                .ifPresent(h -> {
                    LOG.warn("beyla: a previous Beyla pid={} still runs with our config; killing it", h.pid());
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                    h.onExit().orTimeout(2, TimeUnit.SECONDS).exceptionally(t -> h).join();
                });
    }
}
