package dev.coral.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.runtime.pipeline.ComponentFailure;
import dev.coral.agent.runtime.testing.LogCapture;
import dev.coral.agent.runtime.testing.Spans;
import dev.coral.agent.runtime.testing.TestAgents;
import dev.coral.agent.runtime.testing.TestSourceFactory.Source;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start order, start failures, draining, and containment of misbehaving plugins. */
class LifecycleTest {
    @TempDir
    Path dir;

    @Test
    void componentThatFailsToStartIsNamedAndNothingStaysListening() throws Exception {
        TestAgents agents = new TestAgents(dir);
        AgentRuntime agent = agents.build("""
                receivers { test-source { listen = true }, "test-source/broken" { listen = true, fail-start = true } }
                stores { memory {} }
                pipelines { traces { receivers = [test-source, "test-source/broken"], stores = [memory] } }
                """);
        assertThatThrownBy(agent::start).isInstanceOf(ComponentFailure.class)
                .hasMessage("receiver 'test-source/broken' could not be started: address already in use (simulated)");
        for (Source source : agents.sources.created()) {
            assertThat(source.port()).isPositive();
            // The port is free again: nothing half-started keeps it.
            try (ServerSocket again = new ServerSocket(source.port(), 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.isBound()).isTrue();
            }
        }
        assertThat(agents.journal.events()).containsExactly("start store memory", "start receiver test-source",
                "start receiver test-source/broken", "shutdown receiver test-source/broken",
                "shutdown receiver test-source", "shutdown store memory batches=0");
    }

    @Test
    void storeThatFailsToStartKeepsReceiversFromStartingAndEveryCreatedComponentIsShutDown() throws Exception {
        TestAgents agents = new TestAgents(dir);
        AgentRuntime agent = agents.build("""
                receivers { test-source { listen = true } }
                stores { memory { fail-start = true } }
                pipelines { traces { receivers = [test-source], stores = [memory] } }
                """);
        assertThatThrownBy(agent::start).isInstanceOf(ComponentFailure.class)
                .hasMessage("store 'memory' could not be started: disk on fire (simulated)");
        assertThat(agents.journal.events()).containsExactly("start store memory", "shutdown receiver test-source",
                "shutdown store memory batches=0");
    }

    @Test
    void componentThatCannotBeCreatedIsNamedAndThoseCreatedBeforeItAreShutDown() throws Exception {
        TestAgents agents = new TestAgents(dir);
        AgentRuntime agent = agents.build("""
                receivers { test-source {}, "test-source/broken" { fail-create = true } }
                processors { tagger {} }
                stores { memory {} }
                pipelines { traces { receivers = [test-source, "test-source/broken"], processors = [tagger], stores = [memory] } }
                """);
        assertThatThrownBy(agent::start).isInstanceOf(ComponentFailure.class)
                .hasMessage("receiver 'test-source/broken' could not be created: no such device (simulated)");
        assertThat(agents.journal.events()).as("nothing started; what was created is shut down, in reverse")
                .containsExactly("shutdown receiver test-source", "shutdown processor tagger",
                        "shutdown store memory batches=0");
    }

    @Test
    void componentThatBlocksInShutdownIsNamedAndTheStopEndsAtTheShutdownTimeout() throws Exception {
        TestAgents agents = new TestAgents(dir);
        AgentRuntime agent = agents.build("""
                agent { shutdown-timeout = 1s }
                receivers { test-source {} }
                stores { memory {}, "memory/stuck" { on-shutdown = hang } }
                pipelines { traces { receivers = [test-source], stores = [memory, "memory/stuck"] } }
                """);
        agent.start();
        long took;
        try (LogCapture log = LogCapture.of(AgentRuntime.class)) {
            long start = System.nanoTime();
            agent.stop();
            took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(log.lines()).contains(
                    "WARN component shutdown did not finish kind=store id=memory/stuck shutdown_timeout=PT1S");
        }
        // The stuck store blocks for an hour; stop waits for it only until the deadline.
        assertThat(took).as("stop with a store that blocks in shutdown").isBetween(900L, 4000L);
        assertThat(agent.status().snapshot().values()).filteredOn(e -> e.id().toString().equals("memory/stuck"))
                .singleElement().satisfies(e -> {
                    assertThat(e.health()).isEqualTo(Health.FAILED);
                    assertThat(e.message()).isEqualTo("shutdown did not finish within shutdown-timeout PT1S");
                });
        assertThat(agents.journal.events()).as("the store after it is still shut down").endsWith(
                "shutdown store memory/stuck batches=0", "shutdown store memory batches=0");
    }

    @Test
    void stopDrainsBatchesInFlightBeforeClosingStores() throws Exception {
        TestAgents agents = new TestAgents(dir);
        AgentRuntime agent = agents.build("""
                receivers { test-source {} }
                stores { memory { commit-delay = 300ms } }
                pipelines { traces { receivers = [test-source], stores = [memory] } }
                """);
        agent.start();
        var traces = agents.sources.created().getFirst().outputs().get(Signal.TRACES).orElseThrow();
        CompletableFuture<Void> pending = traces.consume(Spans.batch("svc", "slow")).toCompletableFuture();
        assertThat(pending).isNotDone();
        agent.stop();
        assertThat(pending).isCompleted();
        assertThat(agents.journal.events()).contains("shutdown store memory batches=1");
        // After stop, new batches are refused as UNAVAILABLE, not lost silently.
        assertThatThrownBy(() -> traces.consume(Spans.batch("svc", "late")).toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RefusedException.class)
                .extracting(t -> ((RefusedException) t).reason()).isEqualTo(RefusedException.Reason.UNAVAILABLE);
    }

    @Test
    void oneStuckBatchCostsOneShutdownTimeoutNotOnePerComponent() throws Exception {
        TestAgents agents = new TestAgents(dir);
        AgentRuntime agent = agents.build("""
                agent { shutdown-timeout = 2s }
                receivers { test-source {} }
                stores { memory { commit-delay = 1h }, "memory/b" {}, "memory/c" {}, "memory/d" {} }
                pipelines { traces { receivers = [test-source], stores = [memory, "memory/b", "memory/c", "memory/d"] } }
                """);
        agent.start();
        var traces = agents.sources.created().getFirst().outputs().get(Signal.TRACES).orElseThrow();
        CompletableFuture<Void> stuck = traces.consume(Spans.batch("svc", "stuck")).toCompletableFuture();
        long start = System.nanoTime();
        agent.stop();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(stuck).isNotDone();
        // Before: the drain's whole timeout again before each of the four stores (8 s).
        assertThat(tookMillis).as("stop with one stuck batch and four stores").isBetween(1900L, 6000L);
        assertThat(agents.journal.events()).as("every store was still shut down").containsSubsequence(
                "shutdown store memory/d batches=1", "shutdown store memory/c batches=1",
                "shutdown store memory/b batches=1", "shutdown store memory batches=0");
    }

    @Test
    void componentThatThrowsInShutdownIsNamedAndTheOthersAreStillShutDown() throws Exception {
        TestAgents agents = new TestAgents(dir);
        AgentRuntime agent = agents.build("""
                receivers { test-source {} }
                stores { memory {}, "memory/broken" { on-shutdown = throw } }
                pipelines { traces { receivers = [test-source], stores = [memory, "memory/broken"] } }
                """);
        agent.start();
        try (LogCapture log = LogCapture.of(AgentRuntime.class)) {
            agent.stop();
            assertThat(log.lines()).contains("WARN component shutdown failed kind=store id=memory/broken"
                    + " error=\"java.lang.IllegalStateException: disk gone (simulated)\"");
        }
        assertThat(agent.status().snapshot().values()).filteredOn(e -> e.id().toString().equals("memory/broken"))
                .singleElement().extracting(e -> e.health()).isEqualTo(Health.FAILED);
        assertThat(agents.journal.events()).endsWith("shutdown receiver test-source",
                "shutdown store memory/broken batches=0", "shutdown store memory batches=0");
    }

    @Test
    void processorThatThrowsFailsOnlyThatBatchAndIsCounted() throws Exception {
        TestAgents agents = new TestAgents(dir);
        try (AgentRuntime agent = agents.build("""
                receivers { test-source {} }
                processors { "tagger/buggy" { throw = true } }
                stores { memory {} }
                pipelines {
                  traces { receivers = [test-source], processors = ["tagger/buggy"], stores = [memory] }
                }
                """)) {
            agent.start();
            var traces = agents.sources.created().getFirst().outputs().get(Signal.TRACES).orElseThrow();
            for (int i = 0; i < 3; i++) {
                var result = traces.consume(Spans.batch("svc", "op" + i)).toCompletableFuture();
                assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(RefusedException.class)
                        .hasMessageContaining("processor tagger/buggy failed: java.lang.IllegalArgumentException: tagger bug");
            }
            assertThat(agent.metrics().counterValue("coral_processor_batch_failures",
                    Map.of("processor", "tagger/buggy"))).isEqualTo(3);
            assertThat(agent.metrics().scrape())
                    .contains("coral_processor_batch_failures_total{processor=\"tagger/buggy\"} 3");
        }
    }

    @Test
    void storeThatThrowsFailsItsBatchWhileTheOtherStoreKeepsWorking() throws Exception {
        TestAgents agents = new TestAgents(dir);
        try (AgentRuntime agent = agents.build("""
                receivers { test-source {} }
                stores { memory {}, "memory/buggy" { throw-on-consume = true } }
                pipelines {
                  traces { receivers = [test-source], stores = [memory] }
                  "traces/copy" { receivers = [test-source], stores = ["memory/buggy"] }
                }
                """)) {
            agent.start();
            var traces = agents.sources.created().getFirst().outputs().get(Signal.TRACES).orElseThrow();
            var result = traces.consume(Spans.batch("svc", "op")).toCompletableFuture();
            assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(RefusedException.class)
                    .hasMessageContaining("store memory/buggy failed");
            assertThat(agents.stores.created().getFirst().batches()).hasSize(1);
            assertThat(agent.metrics().counterValue("coral_store_batch_failures", Map.of("store", "memory/buggy")))
                    .isEqualTo(1);
        }
    }
}
