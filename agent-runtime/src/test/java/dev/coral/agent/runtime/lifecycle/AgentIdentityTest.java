package dev.coral.agent.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.runtime.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent id file: kept across starts, and a damaged one never keeps the daemon from starting. */
class AgentIdentityTest {
    private static final String UUID_SHAPE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @TempDir
    Path dataDir;

    @Test
    void theIdIsCreatedOnceAndKept() throws Exception {
        String id = AgentIdentity.agentId(dataDir);
        assertThat(id).matches(UUID_SHAPE);
        assertThat(AgentIdentity.agentId(dataDir)).isEqualTo(id);
        assertThat(Files.readString(dataDir.resolve("agent-id")).strip()).isEqualTo(id);
    }

    @Test
    void anIdSomeoneWroteIsKept() throws Exception {
        Files.writeString(dataDir.resolve("agent-id"), "edge-node-07.prod\n");
        assertThat(AgentIdentity.agentId(dataDir)).isEqualTo("edge-node-07.prod");
    }

    @Test
    void aFileThatIsNotUtf8IsSetAsideWithAWarningAndReplacedByANewId() throws Exception {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28, 0x41};
        Files.write(dataDir.resolve("agent-id"), garbage);
        try (LogCapture log = LogCapture.of(AgentIdentity.class)) {
            String id = AgentIdentity.agentId(dataDir);

            assertThat(id).matches(UUID_SHAPE);
            assertThat(Files.readString(dataDir.resolve("agent-id")).strip()).isEqualTo(id);
            assertThat(Files.readAllBytes(dataDir.resolve("agent-id.bad"))).isEqualTo(garbage);
            assertThat(log.lines()).singleElement().asString().startsWith("WARN ")
                    .contains("file=" + dataDir.resolve("agent-id")).contains("not UTF-8 text")
                    .contains("kept_as=" + dataDir.resolve("agent-id.bad")).contains("agent_id=" + id);
            assertThat(AgentIdentity.agentId(dataDir)).as("the new id is kept").isEqualTo(id);
        }
    }

    @Test
    void textThatIsNotAnIdIsReplacedAndSaysWhy() throws Exception {
        Files.writeString(dataDir.resolve("agent-id"), "<?xml version=\"1.0\"?>\n<id>oops</id>\n", StandardCharsets.UTF_8);
        try (LogCapture log = LogCapture.of(AgentIdentity.class)) {
            String id = AgentIdentity.agentId(dataDir);

            assertThat(id).matches(UUID_SHAPE);
            assertThat(Files.readString(dataDir.resolve("agent-id.bad"))).startsWith("<?xml");
            assertThat(log.lines()).singleElement().asString()
                    .contains("letters, digits");
        }
    }

    @Test
    void anOversizedFileIsNotReadWhole() throws Exception {
        Files.write(dataDir.resolve("agent-id"), new byte[10 * 1024 * 1024]);
        try (LogCapture log = LogCapture.of(AgentIdentity.class)) {
            assertThat(AgentIdentity.agentId(dataDir)).matches(UUID_SHAPE);
            assertThat(log.lines()).singleElement().asString().contains("larger than");
        }
    }
}
