package dev.coral.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.api.config.Settings;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ComponentFactoryTest {
    record Limits(double rate, int size) {
        static Limits defaults() {
            return new Limits(0.5, 10);
        }

        static Limits read(Settings s, Limits d) {
            return new Limits(s.number("rate", d.rate(), r -> r >= 0 && r <= 1, "a number from 0.0 to 1.0"),
                    s.integer("size", d.size(), n -> n > 0, "a positive size"));
        }
    }

    /** Counts what passes, typed: no cast anywhere. */
    record Counting<T>(List<T> seen, BatchConsumer<T> next) implements Processor<T> {
        @Override
        public CompletionStage<Void> consume(T batch) {
            seen.add(batch);
            return next.consume(batch);
        }
    }

    private final List<ExportTraceServiceRequest> traces = new ArrayList<>();

    private final ProcessorFactory<Limits> factory = ProcessorFactory.builder("limits", Limits::defaults, Limits::read)
            .traces((context, config, next) -> new Counting<>(traces, next), Stability.BETA)
            .metrics((context, config, next) -> new Counting<>(new ArrayList<>(), next), Stability.DEVELOPMENT)
            .build();

    private static Settings settings(String hocon) {
        return Settings.of(ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription("p.conf")),
                "processors.limits", "p.conf");
    }

    @Test
    void describesItself() {
        assertThat(factory.kind()).isEqualTo(ComponentKind.PROCESSOR);
        assertThat(factory.type()).isEqualTo("limits");
        assertThat(factory.signals()).containsExactly(Signal.TRACES, Signal.METRICS);
        assertThat(factory.stability(Signal.TRACES)).isEqualTo(Stability.BETA);
        assertThat(factory.stability(Signal.METRICS).warns()).isTrue();
        assertThat(factory.stability(Signal.LOGS)).isNull();
        assertThat(factory).hasToString("processor/limits");
    }

    @Test
    void anEmptyBlockGivesTheDefaults() {
        Settings s = settings("");
        assertThat(factory.readConfig(s)).isEqualTo(Limits.defaults());
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void everyProblemOfTheBlockIsReportedAtOnce() {
        Settings s = settings("rate = 7\nsize = -5\nbogus-key = 1\n");
        factory.readConfig(s);
        assertThat(s.problems()).extracting(ConfigProblem::getMessage).containsExactly(
                "p.conf:1: processors.limits.rate: expected a number from 0.0 to 1.0, got 7",
                "p.conf:2: processors.limits.size: expected a positive size, got -5",
                "p.conf:3: processors.limits.bogus-key: unknown setting for processor type 'limits'");
    }

    @Test
    void aReaderThatThrowsIsAProblemNotACrash() {
        var broken = ExporterFactory.<Limits>builder("broken", Limits::defaults, (s, d) -> {
            throw new IllegalStateException("boom");
        }).traces(Stability.ALPHA).build((context, config) -> null);
        Settings s = settings("");
        broken.readConfig(s);
        assertThat(s.problems()).extracting(ConfigProblem::getMessage).singleElement().asString()
                .contains("processors.limits", "broken plugin", "boom");
    }

    @Test
    void createsTypedProcessorsPerSignal() {
        Processor<ExportTraceServiceRequest> p = factory.create(null, Limits.defaults(), Signal.TRACES,
                batch -> CompletableFuture.completedFuture(null));
        p.consume(ExportTraceServiceRequest.getDefaultInstance());
        assertThat(traces).hasSize(1);
        Processor<ExportMetricsServiceRequest> m = factory.create(null, Limits.defaults(), Signal.METRICS,
                batch -> CompletableFuture.completedFuture(null));
        assertThat(m).isInstanceOf(Counting.class);
        assertThatThrownBy(() -> factory.create(null, Limits.defaults(), Signal.LOGS,
                batch -> CompletableFuture.completedFuture(null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not carry logs");
    }

    @Test
    void aFactoryMustCarrySomethingAndBeNamedWell() {
        assertThatThrownBy(() -> StoreFactory.builder("empty", Limits::defaults, Limits::read)
                .build((context, config) -> null)).hasMessageContaining("at least one signal");
        assertThatThrownBy(() -> ReceiverFactory.builder("bad name", Limits::defaults, Limits::read)
                .traces(Stability.STABLE).build((context, config, outputs) -> null))
                .hasMessageContaining("invalid component type");
    }
}
