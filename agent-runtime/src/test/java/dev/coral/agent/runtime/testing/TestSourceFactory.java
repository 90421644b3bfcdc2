package dev.coral.agent.runtime.testing;

import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Receiver;
import dev.coral.agent.api.ReceiverFactory;
import dev.coral.agent.api.Stability;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Receiver type "test-source": tests push batches through {@link Source#outputs()}. With
 * {@code listen = true} it holds a real socket on 127.0.0.1 while started; {@code fail-start}
 * makes its start throw.
 */
public final class TestSourceFactory implements FactoryProvider {
    public record Config(boolean listen, boolean failStart) {}

    private final Journal journal;
    private final List<Source> created = new CopyOnWriteArrayList<>();

    public TestSourceFactory(Journal journal) {
        this.journal = journal;
    }

    public List<Source> created() {
        return created;
    }

    @Override
    public ReceiverFactory<Config> factory() {
        return ReceiverFactory.builder("test-source", () -> new Config(false, false),
                        (s, d) -> new Config(s.flag("listen", d.listen()), s.flag("fail-start", d.failStart())))
                .traces(Stability.STABLE).metrics(Stability.STABLE)
                .build((context, config, outputs) -> {
                    Source source = new Source(context, config, outputs, journal);
                    created.add(source);
                    return source;
                });
    }

    /** A created test receiver. */
    public static final class Source implements Receiver {
        private final ComponentContext context;
        private final Config config;
        private final Outputs outputs;
        private final Journal journal;
        private volatile ServerSocket socket;

        Source(ComponentContext context, Config config, Outputs outputs, Journal journal) {
            this.context = context;
            this.config = config;
            this.outputs = outputs;
            this.journal = journal;
        }

        public Outputs outputs() {
            return outputs;
        }

        public ComponentContext context() {
            return context;
        }

        /** The bound port while listening, else -1. */
        public int port() {
            ServerSocket s = socket;
            return s == null ? -1 : s.getLocalPort();
        }

        @Override
        public void start(Host host) throws IOException {
            journal.add("start receiver " + context.id());
            if (config.listen()) {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            }
            if (config.failStart()) {
                throw new IOException("address already in use (simulated)");
            }
        }

        @Override
        public void shutdown() throws IOException {
            journal.add("shutdown receiver " + context.id());
            if (socket != null) {
                socket.close();
            }
        }
    }
}
