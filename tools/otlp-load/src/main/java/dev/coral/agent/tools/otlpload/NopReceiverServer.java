package dev.coral.agent.tools.otlpload;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Signal;
import dev.coral.agent.plugin.otlp.OtlpReceiver;
import dev.coral.agent.plugin.otlp.OtlpReceiverFactory;
import dev.coral.agent.testkit.TestComponentContext;
import dev.coral.agent.testkit.TestConfigs;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The otlp receiver as the runtime would run it in {@code otlp -> (no processor) -> nop}:
 * made by its factory from a config block, with a consumer that completes at once (what the
 * nop exporter does), an in-flight budget and counters (from the plugin testkit).
 */
final class NopReceiverServer implements BenchServer {
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private OtlpReceiver receiver;

    @Override
    public int start() throws Exception {
        var factory = new OtlpReceiverFactory().factory();
        var config = TestConfigs.read(factory, """
                grpc.endpoint = "127.0.0.1:0"
                http.endpoint = "127.0.0.1:0"
                """);
        BatchConsumer<Object> nop = batch -> DONE;
        Outputs outputs = new Outputs(Map.of(Signal.TRACES, nop, Signal.METRICS, nop, Signal.LOGS, nop));
        // A budget the load cannot exhaust; the counters are LongAdders, as the runtime's.
        var context = TestComponentContext.builder(ComponentKind.RECEIVER, "otlp").inflightLimit(512L << 20).build();
        receiver = (OtlpReceiver) factory.create(context, config, outputs);
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
}
