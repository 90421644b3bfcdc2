package dev.coral.agent.api;

import dev.coral.agent.api.config.ConfigReader;
import java.util.function.Supplier;

/**
 * Builds receivers. A receiver is created once, whatever the number of pipelines naming it,
 * and sends each signal to the consumer {@link Outputs} holds for it.
 *
 * <pre>{@code
 * ReceiverFactory.builder("otlp", OtlpConfig::defaults, OtlpConfig::read)
 *         .traces(Stability.STABLE).metrics(Stability.BETA)
 *         .build(OtlpReceiver::new);
 * }</pre>
 *
 * @param <C> the receiver's configuration
 * @since 0.1.0
 */
public final class ReceiverFactory<C> extends ComponentFactory<C> {
    /** Creates the receiver for a parsed configuration. */
    @FunctionalInterface
    public interface Creator<C> {
        Receiver create(ComponentContext context, C config, Outputs outputs);
    }

    private final Creator<C> creator;

    private ReceiverFactory(FactoryBuilder<C, ?> b, Creator<C> creator) {
        super(b);
        this.creator = creator;
    }

    /** Starts a receiver factory of {@code type}, its defaults and its settings reader. */
    public static <C> SignalsBuilder<C, Creator<C>, ReceiverFactory<C>> builder(String type, Supplier<C> defaults,
            ConfigReader<C> reader) {
        return new SignalsBuilder<>(type, defaults, reader, ReceiverFactory::new);
    }

    @Override
    public ComponentKind kind() {
        return ComponentKind.RECEIVER;
    }

    /** Called by the runtime once per receiver id. */
    public Receiver create(ComponentContext context, C config, Outputs outputs) {
        return creator.create(context, config, outputs);
    }
}
