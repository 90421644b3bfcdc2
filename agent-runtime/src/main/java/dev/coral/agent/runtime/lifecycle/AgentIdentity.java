package dev.coral.agent.runtime.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;

/** The agent's stable id (kept in {@code <data-dir>/agent-id}) and the runtime's version. */
public final class AgentIdentity {
    private AgentIdentity() {}

    /** Reads the id kept in the data directory, creating it on first start. */
    public static String agentId(Path dataDir) throws IOException {
        Path file = dataDir.resolve("agent-id");
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = UUID.randomUUID().toString();
        Path tmp = dataDir.resolve("agent-id.tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return id;
    }

    /** The runtime's version, from the build. */
    public static String version() {
        try (InputStream in = AgentIdentity.class.getResourceAsStream("/coral-agent-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException ignored) {
            // fall through to "dev"
        }
        return "dev";
    }
}
