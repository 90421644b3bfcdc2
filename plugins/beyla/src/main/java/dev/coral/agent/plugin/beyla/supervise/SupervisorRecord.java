package dev.coral.agent.plugin.beyla.supervise;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What the last supervisor of this data dir did, kept beside Beyla's config: which agent ran
 * which Beyla, and when it stopped. A config reload replaces the component, so this is how the
 * next supervisor learns that Beyla was stopped a moment ago by the same agent (debounce) or that
 * a Beyla of an earlier run may still be there (never two at once).
 */
final class SupervisorRecord {
    /** @param stoppedAtMillis wall-clock stop time, 0 while Beyla runs */
    record Last(long agentPid, long beylaPid, long stoppedAtMillis) {}

    private final Path file;

    SupervisorRecord(Path file) {
        this.file = file;
    }

    Optional<Last> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
            return Optional.of(new Last(Long.parseLong(p.getProperty("agent_pid", "0")),
                    Long.parseLong(p.getProperty("beyla_pid", "0")),
                    Long.parseLong(p.getProperty("stopped_at_ms", "0"))));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void write(Last last) throws IOException {
        Properties p = new Properties();
        p.setProperty("agent_pid", Long.toString(last.agentPid()));
        p.setProperty("beyla_pid", Long.toString(last.beylaPid()));
        p.setProperty("stopped_at_ms", Long.toString(last.stoppedAtMillis()));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "beyla supervisor (coral-agent)");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
