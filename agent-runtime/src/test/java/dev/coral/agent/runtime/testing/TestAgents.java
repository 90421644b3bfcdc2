package dev.coral.agent.runtime.testing;

import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds agents from a pipelines.conf written to a real file, with the test factories. */
public final class TestAgents {
    public final Journal journal = new Journal();
    public final TestSourceFactory sources = new TestSourceFactory(journal);
    public final MemoryStoreFactory stores = new MemoryStoreFactory(journal);
    public final TaggerFactory taggers = new TaggerFactory(journal);
    /**
     * Prepended to every config, on the first line so that line numbers in messages stay the
     * test's own; a later {@code agent.api.listen} in the test's text wins.
     */
    public static final String FREE_API_PORT = "agent.api.listen = [\"127.0.0.1:0\"], ";
    /** One traces pipeline: test source to memory store. */
    public static final String ONE_PIPELINE = """
            receivers { test-source {} }
            stores { memory {} }
            pipelines { traces { receivers = [test-source], stores = [memory] } }
            """;
    /** {@link #ONE_PIPELINE} and a second pipeline beside it, with components of its own (a reload's new config). */
    public static final String TWO_PIPELINES = """
            receivers { test-source {}, "test-source/second" {} }
            stores { memory {}, "memory/second" {} }
            pipelines {
              traces { receivers = [test-source], stores = [memory] }
              "traces/second" { receivers = ["test-source/second"], stores = ["memory/second"] }
            }
            """;
    private final Path dir;

    public TestAgents(Path dir) {
        this.dir = dir;
    }

    /** Writes {@code hocon} to {@code <dir>/pipelines.conf}; returns its path. */
    public Path write(String hocon) {
        try {
            Path file = dir.resolve("pipelines.conf");
            Files.writeString(file, hocon);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An agent (not started) using only the test factories. Should a frontend serve the Agent
     * API, it listens on a free loopback port unless {@code hocon} sets {@code agent.api.listen}:
     * tests never take :9001.
     */
    public AgentRuntime build(String hocon) throws InvalidConfigException {
        return builder(hocon).build();
    }

    /** As {@link #build}, for a test that adds to the builder (a frontend, say) before building. */
    public AgentRuntime.Builder builder(String hocon) {
        return AgentRuntime.builder().home(dir).configFile(write(FREE_API_PORT + hocon)).loadPlugins(false)
                .factory(sources).factory(stores).factory(taggers);
    }
}
