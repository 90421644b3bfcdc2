package dev.coral.agent.runtime.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's stable id (kept in {@code <data-dir>/agent-id}) and the runtime's version.
 *
 * <p>A file that holds no valid id (not UTF-8, not an id-shaped token, oversized) is a damaged
 * file, not a setting: the agent set it aside as {@code agent-id.bad}, logs why, and takes a
 * new id, because a daemon must start and the old id cannot be recovered from garbage anyway
 * (the colony then sees a new agent, as after a wiped data directory).
 */
public final class AgentIdentity {
    private static final Logger LOG = LoggerFactory.getLogger(AgentIdentity.class);
    private static final String FILE = "agent-id";
    /** A UUID, or a name someone wrote by hand (host-07.prod): what is safe in logs, URLs and labels. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final int MAX_BYTES = 1024;

    private AgentIdentity() {}

    /** Reads the id kept in the data directory, creating it on first start or when the file is damaged. */
    public static String agentId(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            String problem = problemWith(file);
            if (problem == null) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Path kept = dataDir.resolve(FILE + ".bad");
            Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
            String id = create(dataDir, file);
            LOG.warn("agent id file holds no valid id, replaced with a new id file={} problem=\"{}\" kept_as={} agent_id={}",
                    file, problem, kept, id);
            return id;
        }
        return create(dataDir, file);
    }

    /** What is wrong with the file's content, or null when it holds an id. */
    private static String problemWith(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            return "larger than " + MAX_BYTES + " bytes";
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString().strip();
        } catch (CharacterCodingException e) {
            return "not UTF-8 text";
        }
        if (text.isEmpty()) {
            return "empty";
        }
        if (!ID.matcher(text).matches()) {
            return "not an id: expected a UUID or up to 128 letters, digits, '.', '_', ':' and '-'";
        }
        return null;
    }

    private static String create(Path dataDir, Path file) throws IOException {
        String id = UUID.randomUUID().toString();
        Path tmp = dataDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
