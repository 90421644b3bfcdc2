package dev.coral.agent.runtime.lifecycle;

import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.runtime.config.PipelinesConfig;
import dev.coral.agent.runtime.pipeline.ComponentFailure;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the running pipelines with those of the config file as it is now (SIGHUP). The new
 * file is read and checked first: when it is invalid, its errors are logged and nothing running
 * is touched. When it is valid, the running runtime stops as on SIGTERM (receivers first,
 * in-flight batches drained, stores closed) and a runtime of the new config starts in its place,
 * the Agent API with it: the API reads the stores, which are closed in between anyway, and its
 * addresses may have changed. Should the new config fail to start (a port taken, a store that
 * cannot open), the previous config starts again; only when that fails too does the agent stop.
 *
 * <p>Each reload logs one outcome line: {@code config reloaded}, {@code config reload rejected}
 * (invalid file; the errors precede it, one per line) or {@code config reload failed}.
 */
public final class ConfigReload {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReload.class);

    private AgentRuntime current;

    public ConfigReload(AgentRuntime running) {
        this.current = running;
    }

    /** The runtime running now. */
    public AgentRuntime current() {
        return current;
    }

    /**
     * Reloads once.
     *
     * @throws ComponentFailure or IOException when neither the new nor the previous config could
     *     start: nothing runs any more, and the agent should exit 1
     */
    public void run() throws ComponentFailure, IOException {
        long started = System.nanoTime();
        PipelinesConfig running = current.plan().config();
        AgentRuntime next;
        try {
            next = current.successor(current.rereadConfig());
        } catch (InvalidConfigException e) {
            for (ConfigProblem p : e.problems()) {
                LOG.error("config error: {}", p.getMessage());
            }
            LOG.warn("config reload rejected, the running pipelines are unchanged file={} errors={}", running.file(),
                    e.problems().size());
            return;
        }
        PipelinesConfig wanted = next.plan().config();
        if (!wanted.agent().pluginsDir().equals(running.agent().pluginsDir())) {
            LOG.warn("agent.plugins-dir changed; plugins are loaded once per process, restart the agent to load"
                    + " them from {}", wanted.agent().pluginsDir());
        }
        AgentRuntime previous = successorOrNull(running);
        current.stopForReload();
        try {
            next.start();
        } catch (ComponentFailure | IOException | RuntimeException e) {
            next.stop();
            restore(previous, e);
            return;
        }
        if (previous != null) {
            previous.close();
        }
        current = next;
        LOG.info("config reloaded file={} pipelines={} components={} reload_ms={}", wanted.file(),
                next.plan().pipelines().size(), next.components().size(), (System.nanoTime() - started) / 1_000_000);
    }

    private void restore(AgentRuntime previous, Exception failure) throws ComponentFailure, IOException {
        if (previous == null) {
            LOG.error("config reload failed and the previous pipelines cannot be rebuilt error=\"{}\"",
                    failure.getMessage());
            rethrow(failure);
            return;
        }
        try {
            previous.start();
        } catch (ComponentFailure | IOException | RuntimeException again) {
            previous.stop();
            LOG.error("config reload failed and the previous pipelines did not start again error=\"{}\""
                    + " previous_error=\"{}\"", failure.getMessage(), again.getMessage());
            rethrow(again);
            return;
        }
        current = previous;
        LOG.error("config reload failed, the previous pipelines run again error=\"{}\"", failure.getMessage());
    }

    /** The running config, rebuilt before it stops, so that a failed reload can bring it back. */
    private AgentRuntime successorOrNull(PipelinesConfig running) {
        try {
            return current.successor(running);
        } catch (InvalidConfigException e) {
            // It was accepted with the same factories; nothing to restore if a factory now disagrees.
            return null;
        }
    }

    private static void rethrow(Exception e) throws ComponentFailure, IOException {
        if (e instanceof ComponentFailure failure) {
            throw failure;
        }
        throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
}
