package dev.coral.agent.runtime.lifecycle;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.coral.agent.api.AgentInfo;
import dev.coral.agent.api.ComponentFactory;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.runtime.config.AgentDirectories;
import dev.coral.agent.runtime.config.ConfigLoader;
import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.runtime.config.PipelinesConfig;
import dev.coral.agent.runtime.pipeline.ComponentFailure;
import dev.coral.agent.runtime.pipeline.InflightLedgers;
import dev.coral.agent.runtime.pipeline.PipelineGraph.Node;
import dev.coral.agent.runtime.pipeline.PipelineGraph;
import dev.coral.agent.runtime.pipeline.PipelinePlan;
import dev.coral.agent.runtime.pipeline.RuntimeServices;
import dev.coral.agent.runtime.plugins.FactoryCatalog;
import dev.coral.agent.runtime.plugins.PluginApiVersion;
import dev.coral.agent.runtime.plugins.PluginSet;
import dev.coral.agent.runtime.telemetry.MetricRegistry;
import dev.coral.agent.runtime.telemetry.ProcessMetrics;
import dev.coral.agent.runtime.telemetry.StatusBoard;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent: configuration, plugins, pipeline graph and lifecycle. {@link Builder#build()}
 * loads and validates everything without opening a socket; {@link #start()} creates and starts
 * the components (stores and exporters first, receivers last); {@link #stop()} stops receivers,
 * drains what is in flight and closes the rest in reverse order, all within
 * {@code agent.shutdown-timeout}. A config reload
 * ({@link ConfigReload}) builds a {@link #successor} that shares the loaded plugins. The
 * {@link Frontend}s given to the builder (the Agent API server) start after the components and
 * stop before them; the runtime knows them only by that interface.
 *
 * <p>Embedding programs and tests pass factories directly; the CLI loads them from the plugins
 * directory with PF4J.
 */
public final class AgentRuntime implements RuntimeView, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);
    /**
     * What a component may take past the shutdown deadline to release what it holds without
     * waiting: enough for a server to close its connections (plugin-support's OTLP servers give
     * them 500 ms).
     */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(1);

    private final PipelinePlan plan;
    private final SharedPlugins plugins;
    private final ConfigSource configSource;
    private final MetricRegistry metrics = new MetricRegistry();
    private final StatusBoard status = new StatusBoard();
    private final Instant startedAt;
    private final boolean replacesAnother;
    private final List<Frontend> frontends;
    /** What stop shuts down, in start order: every component created, started or not. */
    private final List<Node> created = new ArrayList<>();
    private final ComponentShutdown shutdowns = new ComponentShutdown(SHUTDOWN_GRACE);
    private final List<Frontend.Running> serving = new ArrayList<>();
    private PipelineGraph graph;
    private RuntimeServices services;
    private boolean stopped;

    private AgentRuntime(PipelinePlan plan, SharedPlugins plugins, ConfigSource configSource, Instant startedAt,
            boolean replacesAnother, List<Frontend> frontends) {
        this.plan = plan;
        this.plugins = plugins.acquire();
        this.configSource = configSource;
        this.startedAt = startedAt;
        this.replacesAnother = replacesAnother;
        this.frontends = List.copyOf(frontends);
    }

    /** Where a runtime's configuration comes from, so that a reload reads it again the same way. */
    @FunctionalInterface
    interface ConfigSource {
        PipelinesConfig load() throws InvalidConfigException;
    }

    /** Reads and checks the configuration again, from the file (or text) this runtime was built from. */
    public PipelinesConfig rereadConfig() throws InvalidConfigException {
        return configSource.load();
    }

    /**
     * A new, unstarted runtime for {@code config}, with this runtime's plugins (they stay loaded
     * until every runtime holding them has stopped), its config source, its frontends, and its
     * start time: to the colony a reload is the same agent, not a restart.
     *
     * @throws InvalidConfigException when a component's settings do not suit its factory
     */
    public AgentRuntime successor(PipelinesConfig config) throws InvalidConfigException {
        return new AgentRuntime(PipelinePlan.of(config, plugins.catalog()), plugins, configSource, startedAt, true,
                frontends);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Creates and starts every component. On failure, shuts down every component created and rethrows. */
    public synchronized void start() throws ComponentFailure, IOException {
        Path dataDir = plan.config().agent().dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IOException("agent.data-dir " + dataDir + " cannot be created: " + e.getMessage(), e);
        }
        AgentInfo info = new AgentInfo(AgentIdentity.agentId(dataDir), AgentIdentity.version(), startedAt);
        InflightLedgers inflight = new InflightLedgers(plan.config().agent().maxInflightBytes());
        services = new RuntimeServices(info, dataDir, metrics, status, inflight);
        registerRuntimeGauges(inflight);
        try {
            graph = PipelineGraph.build(plan, services, created::add);
        } catch (ComponentFailure failure) {
            stop();
            throw failure;
        }
        created.clear();
        created.addAll(graph.nodes());
        Host host = new RuntimeHost(graph.nodes());
        for (Node node : graph.nodes()) {
            status.report(node.kind(), node.id(), Health.STARTING, "");
            try {
                node.component().start(host);
            } catch (Exception | LinkageError e) {
                status.report(node.kind(), node.id(), Health.FAILED, String.valueOf(e.getMessage()));
                ComponentFailure failure = new ComponentFailure(node.kind(), node.id(), "started", e);
                stop();
                throw failure;
            }
            status.reportIfStarting(node.kind(), node.id(), Health.OK, "started");
        }
        // Frontends read the stores: they start after every component and stop before them.
        for (Frontend frontend : frontends) {
            try {
                serving.add(frontend.start(this));
            } catch (IOException | RuntimeException e) {
                stop();
                throw e;
            }
        }
        if (replacesAnother) {
            LOG.info("pipelines started for a config reload components={} pipelines={}", graph.nodes().size(),
                    plan.pipelines().size());
            return;
        }
        LOG.info("agent started agent_id={} version={} components={} pipelines={} startup_ms={} java={} java_home={}",
                info.agentId(), info.version(), graph.nodes().size(), plan.pipelines().size(),
                System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime(),
                Runtime.version(), System.getProperty("java.home"));
    }

    /**
     * Stops receivers, waits for in-flight batches, then shuts down processors, exporters and
     * stores: within {@code agent.shutdown-timeout} altogether. A component still shutting down
     * at that deadline is named (log and status) and left behind.
     */
    public void stop() {
        stop("agent stopped");
    }

    /** As {@link #stop()}, for a runtime a config reload replaces: the agent itself goes on. */
    public void stopForReload() {
        stop("pipelines stopped for a config reload");
    }

    private synchronized void stop(String logLine) {
        if (stopped) {
            return;
        }
        stopped = true;
        Deadline deadline = Deadline.after(plan.config().agent().shutdownTimeout());
        boolean wasStarted = graph != null;
        for (int i = serving.size() - 1; i >= 0; i--) {
            serving.get(i).close();
        }
        serving.clear();
        // Receivers stop first; then, once, the batches in flight get what is left of the deadline to
        // become durable before the first processor, exporter or store closes (not a timeout per component).
        boolean drained = graph == null;
        for (int i = created.size() - 1; i >= 0; i--) {
            Node node = created.get(i);
            if (node.kind() != ComponentKind.RECEIVER && !drained) {
                drain(deadline);
                drained = true;
            }
            shutdown(node, deadline);
        }
        created.clear();
        plugins.release();
        if (wasStarted) {
            LOG.info(logLine);
        }
    }

    private void drain(Deadline deadline) {
        try {
            services.inflight().close();
            if (!services.inflight().awaitIdle(deadline.remaining())) {
                LOG.warn("shutdown timeout with batches in flight inflight={}", graph.batches().open());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutdown(Node node, Deadline deadline) {
        status.report(node.kind(), node.id(), Health.STOPPING, "");
        switch (shutdowns.run(node.component(), "coral-shutdown-" + node.id(), deadline)) {
            case ComponentShutdown.Finished() -> status.report(node.kind(), node.id(), Health.STOPPED, "");
            case ComponentShutdown.Failed(Throwable e) -> {
                status.report(node.kind(), node.id(), Health.FAILED, "shutdown failed: " + e);
                LOG.warn("component shutdown failed kind={} id={} error=\"{}\"", node.kind().word(), node.id(),
                        e.toString());
            }
            case ComponentShutdown.Unfinished() -> {
                Duration timeout = plan.config().agent().shutdownTimeout();
                status.report(node.kind(), node.id(), Health.FAILED,
                        "shutdown did not finish within shutdown-timeout " + timeout);
                LOG.warn("component shutdown did not finish kind={} id={} shutdown_timeout={}", node.kind().word(),
                        node.id(), timeout);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void registerRuntimeGauges(InflightLedgers inflight) {
        metrics.gauge("coral_runtime_inflight_bytes", "Received bytes not yet durable", java.util.Map.of(),
                inflight::inUse);
        metrics.gauge("coral_runtime_inflight_batches", "Batches between receivers and durability",
                java.util.Map.of(), () -> graph == null ? 0 : graph.batches().open());
        ProcessMetrics.register(metrics, startedAt);
    }

    @Override
    public AgentInfo agent() {
        return services().orElseThrow(() -> new IllegalStateException("the agent has not started")).agent();
    }

    @Override
    public PipelinePlan plan() {
        return plan;
    }

    @Override
    public List<PluginSet.LoadedPlugin> plugins() {
        return plugins.loaded();
    }

    @Override
    public MetricRegistry metrics() {
        return metrics;
    }

    @Override
    public StatusBoard status() {
        return status;
    }

    @Override
    public List<Node> components() {
        return graph == null ? List.of() : graph.nodes();
    }

    @Override
    public <Q> List<Q> capabilities(Class<Q> type) {
        return graph == null ? List.of() : new RuntimeHost(graph.nodes()).capabilities(type);
    }

    /** The started frontend of {@code type} (the Agent API server, say); empty before start and after stop. */
    public synchronized <T extends Frontend.Running> Optional<T> frontend(Class<T> type) {
        return serving.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public Optional<RuntimeServices> services() {
        return Optional.ofNullable(services);
    }

    /** Capabilities in start order: stores, exporters, processors, receivers. */
    private record RuntimeHost(List<Node> nodes) implements Host {
        @Override
        public <Q> List<Q> capabilities(Class<Q> type) {
            List<Q> out = new ArrayList<>();
            for (Node node : nodes) {
                node.component().capability(type).ifPresent(out::add);
            }
            return out;
        }
    }

    /** Loads configuration and plugins, and validates; opens no socket and writes no file. */
    public static final class Builder {
        private Path configFile;
        private String configText;
        private AgentDirectories dirs = AgentDirectories.under(PipelinesConfig.home());
        private boolean loadPlugins = true;
        private final List<ComponentFactory<?>> factories = new ArrayList<>();
        private final List<Frontend> frontends = new ArrayList<>();

        public Builder configFile(Path file) {
            this.configFile = file;
            return this;
        }

        /** HOCON text instead of a file (tests, embedding). */
        public Builder configText(String hocon) {
            this.configText = hocon;
            return this;
        }

        /**
         * Directory relative paths resolve against, with the data in its {@code data/} (default:
         * coral.home, CORAL_HOME or the working directory).
         */
        public Builder home(Path home) {
            return directories(AgentDirectories.under(home));
        }

        /** Where the distribution, the data and the operator's config and plugins are. */
        public Builder directories(AgentDirectories dirs) {
            this.dirs = dirs;
            return this;
        }

        /** Adds a factory directly, without a plugin. */
        public Builder factory(ComponentFactory<?> factory) {
            factories.add(factory);
            return this;
        }

        /** Adds a plugin's factory directly, without loading the plugin. */
        public Builder factory(FactoryProvider provider) {
            return factory(provider.factory());
        }

        /** Adds a frontend, started after the components and stopped before them (none by default). */
        public Builder frontend(Frontend frontend) {
            frontends.add(frontend);
            return this;
        }

        /** Whether to load plugins from {@code agent.plugins-dir} (default true). */
        public Builder loadPlugins(boolean load) {
            this.loadPlugins = load;
            return this;
        }

        public AgentRuntime build() throws InvalidConfigException {
            ConfigLoader loader = new ConfigLoader(dirs);
            String text = configText;
            Path file = configFile;
            ConfigSource source = text != null
                    ? () -> loader.parse(ConfigFactory.parseString(text,
                            ConfigParseOptions.defaults().setOriginDescription("pipelines.conf")).resolve(),
                            "pipelines.conf")
                    : () -> loader.load(file);
            PipelinesConfig config = source.load();
            FactoryCatalog catalog = new FactoryCatalog();
            factories.forEach(f -> catalog.add(f, FactoryCatalog.Origin.BUILT_IN));
            PluginSet plugins = null;
            if (loadPlugins) {
                try {
                    plugins = PluginSet.load(config.agent().allPluginsDirs(),
                            PluginApiVersion.current(AgentIdentity.version()), catalog,
                            config.agent().pluginsDirLocation());
                } catch (ConfigProblem p) {
                    throw new InvalidConfigException(p);
                }
            }
            try {
                return new AgentRuntime(PipelinePlan.of(config, catalog), new SharedPlugins(plugins, catalog), source,
                        Instant.now(), false, frontends);
            } catch (InvalidConfigException e) {
                if (plugins != null) {
                    plugins.close();
                }
                throw e;
            }
        }
    }
}
