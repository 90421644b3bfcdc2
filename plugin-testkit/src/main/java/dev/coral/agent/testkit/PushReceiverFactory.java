package dev.coral.agent.testkit;

import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Receiver;
import dev.coral.agent.api.ReceiverFactory;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.Stability;
import dev.coral.agent.api.config.NoSettings;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Receiver type {@code push}, for every signal: the test hands batches to the pipelines that
 * name it, as a client's export would, and gets the completion the client would wait for.
 * Register the factory with the runtime under test; it takes no settings.
 */
public final class PushReceiverFactory implements FactoryProvider {
    private final AtomicReference<Outputs> outputs = new AtomicReference<>();

    @Override
    public ReceiverFactory<NoSettings> factory() {
        return ReceiverFactory.builder("push", NoSettings::defaults, NoSettings::read)
                .traces(Stability.STABLE).metrics(Stability.STABLE).logs(Stability.STABLE).profiles(Stability.STABLE)
                .ebpf(Stability.STABLE)
                .build((context, config, out) -> {
                    outputs.set(out);
                    return new Receiver() {};
                });
    }

    /** Where the last receiver created sends its batches. */
    public Outputs outputs() {
        Outputs o = outputs.get();
        if (o == null) {
            throw new IllegalStateException("no push receiver created yet: is it named in a pipeline?");
        }
        return o;
    }

    /** Sends one batch into the pipelines of its signal; completes when they are done with it. */
    public <T> CompletionStage<Void> push(Signal<T> signal, T batch) {
        return outputs().get(signal)
                .orElseThrow(() -> new NoSuchElementException("no " + signal + " pipeline names the push receiver"))
                .consume(batch);
    }
}
