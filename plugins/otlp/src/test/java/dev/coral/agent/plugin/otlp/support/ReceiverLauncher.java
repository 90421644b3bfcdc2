package dev.coral.agent.plugin.otlp.support;

import dev.coral.agent.api.Host;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.plugin.otlp.OtlpReceiver;
import dev.coral.agent.plugin.otlp.OtlpReceiverFactory;
import dev.coral.agent.support.testing.ServerFixture;
import dev.coral.agent.testkit.TestComponentContext;
import dev.coral.agent.testkit.TestConfigs;
import java.util.List;

/** Starts the otlp receiver through its factory, for plugin-support's {@link ServerFixture}. */
public final class ReceiverLauncher implements ServerFixture.Launcher {
    @Override
    public ServerFixture.Running launch(TestComponentContext context, Settings settings, Outputs outputs)
            throws Exception {
        var factory = new OtlpReceiverFactory().factory();
        OtlpReceiver receiver = (OtlpReceiver) factory.create(context, TestConfigs.read(factory, settings), outputs);
        receiver.start(new Host() {
            @Override
            public <Q> List<Q> capabilities(Class<Q> type) {
                return List.of();
            }
        });
        return new ServerFixture.Running() {
            @Override
            public int grpcPort() {
                return receiver.grpcPort();
            }

            @Override
            public int httpPort() {
                return receiver.httpPort();
            }

            @Override
            public void stop() throws Exception {
                receiver.shutdown();
            }
        };
    }
}
