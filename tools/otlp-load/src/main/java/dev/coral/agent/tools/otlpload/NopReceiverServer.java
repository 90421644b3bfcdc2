package dev.coral.agent.tools.otlpload;

import com.typesafe.config.ConfigFactory;
import dev.coral.agent.api.AgentInfo;
import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.ComponentId;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.InflightBudget;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Histogram;
import dev.coral.agent.api.telemetry.Telemetry;
import dev.coral.agent.plugin.otlp.OtlpReceiver;
import dev.coral.agent.plugin.otlp.OtlpReceiverFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The otlp receiver as the runtime would run it in {@code otlp -> (no processor) -> nop}:
 * made by its factory from a config block, with a consumer that completes at once (what the
 * nop exporter does), an in-flight budget and counters.
 */
final class NopReceiverServer implements BenchServer {
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private OtlpReceiver receiver;

    @Override
    public int start() throws Exception {
        OtlpReceiverFactory factory = new OtlpReceiverFactory();
        var config = factory.parseConfig(Settings.of(ConfigFactory.parseString("""
                grpc.endpoint = "127.0.0.1:0"
                http.endpoint = "127.0.0.1:0"
                """), "receivers.otlp", "bench"));
        BatchConsumer<Object> nop = batch -> DONE;
        Outputs outputs = new Outputs(Map.of(Signal.TRACES, nop, Signal.METRICS, nop, Signal.LOGS, nop));
        receiver = (OtlpReceiver) factory.create(new Context(), config, outputs);
        receiver.start(new Host() {
            @Override
            public <Q> List<Q> capabilities(Class<Q> type) {
                return List.of();
            }
        });
        return receiver.grpcPort();
    }

    @Override
    public void close() throws Exception {
        receiver.shutdown();
    }

    /** What the runtime gives a component, reduced to what a benchmark needs. */
    private static final class Context implements ComponentContext {
        private final Budget budget = new Budget(512L << 20);
        private final Counters counters = new Counters();

        @Override
        public ComponentId id() {
            return new ComponentId("otlp", "");
        }

        @Override
        public ComponentKind kind() {
            return ComponentKind.RECEIVER;
        }

        @Override
        public AgentInfo agent() {
            return new AgentInfo("bench", "0.1.0", Instant.now());
        }

        @Override
        public Path dataDir() {
            return Path.of(System.getProperty("java.io.tmpdir"));
        }

        @Override
        public Telemetry telemetry() {
            return counters;
        }

        @Override
        public StatusReporter status() {
            return (health, message) -> { };
        }

        @Override
        public InflightBudget inflight() {
            return budget;
        }
    }

    /** A CAS-bounded byte count, as the runtime's budget. */
    private static final class Budget implements InflightBudget {
        private final AtomicLong used = new AtomicLong();
        private final long limit;

        Budget(long limit) {
            this.limit = limit;
        }

        @Override
        public boolean tryAcquire(long bytes) {
            long u;
            do {
                u = used.get();
                if (u + bytes > limit) {
                    return false;
                }
            } while (!used.compareAndSet(u, u + bytes));
            return true;
        }

        @Override
        public void release(long bytes) {
            used.addAndGet(-bytes);
        }

        @Override
        public long inUse() {
            return used.get();
        }

        @Override
        public long limit() {
            return limit;
        }
    }

    /** LongAdder counters, as cheap as the runtime's should be. */
    private static final class Counters implements Telemetry {
        private final Map<String, Counter> counters = new ConcurrentHashMap<>();

        @Override
        public Counter counter(String name, String help, Map<String, String> labels) {
            return counters.computeIfAbsent(name + labels, k -> new Counter() {
                private final LongAdder n = new LongAdder();

                @Override
                public void add(long v) {
                    n.add(v);
                }

                @Override
                public long value() {
                    return n.sum();
                }
            });
        }

        @Override
        public void gauge(String name, String help, Map<String, String> labels, DoubleSupplier value) {}

        @Override
        public Histogram histogram(String name, String help, Map<String, String> labels,
                List<Double> bounds) {
            return new Histogram() {
                @Override
                public void record(double value) {}

                @Override
                public long count() {
                    return 0;
                }

                @Override
                public double sum() {
                    return 0;
                }
            };
        }
    }
}
