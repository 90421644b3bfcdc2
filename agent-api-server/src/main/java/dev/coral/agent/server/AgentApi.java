package dev.coral.agent.server;

import dev.coral.agent.api.AgentInfo;
import dev.coral.agent.api.config.Endpoint;
import dev.coral.agent.runtime.lifecycle.Frontend;
import dev.coral.agent.runtime.lifecycle.RuntimeView;
import dev.coral.agent.server.data.ApiData;
import dev.coral.agent.server.routes.MetricsRoute;
import dev.coral.agent.server.routes.SnapshotRoute;
import dev.coral.agent.server.routes.StatusRoute;
import dev.coral.agent.server.rpc.ConnectHandler;
import dev.coral.agent.server.rpc.GrpcHandler;
import dev.coral.agent.server.rpc.RpcDispatcher;
import dev.coral.agent.server.services.AgentDebugServiceImpl;
import dev.coral.agent.server.services.AgentQueryServiceImpl;
import dev.coral.agent.server.services.AgentServiceImpl;
import dev.coral.agent.server.services.Platform;
import dev.coral.agent.server.transport.ApiServer;
import dev.coral.agent.server.transport.ApiTelemetry;
import dev.coral.agent.server.v1.PlatformInfo;
import io.grpc.BindableService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Agent API's lifecycle, as the runtime sees it: a {@link Frontend} ({@code AgentApi::start}),
 * started after the pipeline's components (the API reads their stores) and closed before them
 * (no query may reach a store that is shutting down). Everything the API needs is assembled
 * here from a {@link RuntimeView}; the runtime only holds the handle.
 */
public final class AgentApi implements Frontend.Running {
    private static final Logger LOG = LoggerFactory.getLogger(AgentApi.class);
    /** Threads running queries and routes; they may block on a store, never on a socket. */
    private static final int WORKERS = 4;

    private final ApiServer server;
    private final RpcDispatcher dispatcher;
    private final ExecutorService work;

    private AgentApi(ApiServer server, RpcDispatcher dispatcher, ExecutorService work) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.work = work;
    }

    /**
     * Serves the API on every {@code agent.api.listen} address of {@code runtime}; none when the
     * list is empty (the API is then off).
     *
     * @throws IOException when an address cannot be bound, naming it
     */
    public static AgentApi start(RuntimeView runtime) throws IOException {
        AgentInfo agent = runtime.agent();
        List<Endpoint> addresses = new ArrayList<>();
        for (String a : runtime.plan().config().agent().apiListen()) {
            addresses.add(Endpoint.parse(a));
        }
        Clock clock = Clock.systemUTC();
        ApiData data = new ApiData(runtime::capabilities);
        PlatformInfo platform = Platform.detect();
        ExecutorService work = Executors.newFixedThreadPool(WORKERS, daemonThreads("agent-api-work"));
        RpcDispatcher dispatcher = null;
        try {
            List<BindableService> services = List.of(
                    new AgentServiceImpl(agent, platform, data, clock),
                    new AgentDebugServiceImpl(data),
                    new AgentQueryServiceImpl(data, clock));
            dispatcher = new RpcDispatcher(services, work);
            ApiTelemetry telemetry = new ApiTelemetry(runtime.metrics(), new HashSet<>(dispatcher.methodNames()));
            ApiRouter router = new ApiRouter(new GrpcHandler(dispatcher, telemetry),
                    new ConnectHandler(dispatcher, telemetry), work, telemetry);
            ApiServer server = new ApiServer(addresses, router);
            router.route("/status", new StatusRoute(runtime, agent, platform, data, server::boundAddresses, clock))
                    .route("/metrics", new MetricsRoute(runtime.metrics()))
                    .prefix(SnapshotRoute.PREFIX, new SnapshotRoute(data));
            if (!addresses.isEmpty()) {
                server.start();
            }
            AgentApi api = new AgentApi(server, dispatcher, work);
            runtime.metrics().gauge("coral_api_work_queue", "Agent API requests waiting for a worker", Map.of(),
                    () -> ((java.util.concurrent.ThreadPoolExecutor) work).getQueue().size());
            for (Endpoint a : addresses) {
                if (!a.isLoopback()) {
                    LOG.warn("agent api listens beyond this host address={}: it has no authentication, "
                            + "only list addresses of a trusted network (the mesh)", a);
                }
            }
            LOG.info("agent api listening addresses={}", api.addresses());
            return api;
        } catch (IOException | RuntimeException e) {
            if (dispatcher != null) {
                dispatcher.close();
            }
            work.shutdownNow();
            throw e;
        }
    }

    /** The bound addresses (a port 0 resolved); empty when the API is off. */
    public List<InetSocketAddress> addresses() {
        return server.boundAddresses();
    }

    /** Stops accepting, ends calls in flight (after a short grace), and frees the port. */
    @Override
    public void close() {
        server.stop();
        dispatcher.close();
        work.shutdownNow();
        try {
            work.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
