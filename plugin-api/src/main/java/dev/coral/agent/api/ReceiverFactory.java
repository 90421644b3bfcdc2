package dev.coral.agent.api;

import dev.coral.agent.api.config.ConfigReader;
import java.util.Objects;
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

    private ReceiverFactory(Builder<C> b, Creator<C> creator) {
        super(b.type, b.defaults, b.reader, b.signals);
        this.creator = Objects.requireNonNull(creator, "creator");
    }

    /** Starts a receiver factory of {@code type}, its defaults and its settings reader. */
    public static <C> Builder<C> builder(String type, Supplier<C> defaults, ConfigReader<C> reader) {
        return new Builder<>(type, defaults, reader);
    }

    @Override
    public ComponentKind kind() {
        return ComponentKind.RECEIVER;
    }

    /** Called by the runtime once per receiver id. */
    public Receiver create(ComponentContext context, C config, Outputs outputs) {
        return creator.create(context, config, outputs);
    }

    /** Declares the signals, then {@link #build} takes the creator. */
    public static final class Builder<C> extends SignalsBuilder<C, Builder<C>> {
        private Builder(String type, Supplier<C> defaults, ConfigReader<C> reader) {
            super(type, defaults, reader);
        }

        public ReceiverFactory<C> build(Creator<C> creator) {
            return new ReceiverFactory<>(this, creator);
        }

        @Override
        Builder<C> self() {
            return this;
        }
    }
}
