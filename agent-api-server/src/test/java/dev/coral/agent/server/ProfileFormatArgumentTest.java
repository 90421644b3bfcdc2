package dev.coral.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coral.agent.server.v1.AgentQueryServiceGrpc;
import dev.coral.agent.server.v1.QueryCPUProfileRequest;
import dev.coral.agent.server.testing.ApiAgent;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code QueryCPUProfile} with a format it does not know (issue 11): INVALID_ARGUMENT naming the
 * formats it does, never a silent folded profile. In Connect JSON an unknown enum name used to be
 * dropped as an unknown field is, which left the default, folded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileFormatArgumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METHOD = "/coral.agent.v1.AgentQueryService/QueryCPUProfile";

    ApiAgent agent;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        agent = ApiAgent.start(dir);
        agent.store.addProfileSample(System.currentTimeMillis() - 1000, "checkout", 42, "b1", List.of("leaf", "main"), 3);
    }

    @AfterAll
    void stop() throws Exception {
        agent.close();
    }

    @Test
    void anUnknownFormatInConnectJsonIsInvalidArgumentNamingTheFormats() throws Exception {
        for (String format : List.of("\"bogus\"", "\"svg\"", "7", "\"7\"")) {
            HttpResponse<String> r = agent.postJson(METHOD, "{\"format\": " + format + "}");
            assertThat(r.statusCode()).as(format + ": " + r.body()).isEqualTo(400);
            JsonNode error = JSON.readTree(r.body());
            assertThat(error.path("code").asText()).isEqualTo("invalid_argument");
            assertThat(error.path("message").asText()).as(format).contains("format")
                    .contains("PROFILE_FORMAT_FOLDED", "PROFILE_FORMAT_PPROF", "PROFILE_FORMAT_SVG");
        }
    }

    @Test
    void anUnknownFormatNumberOverGrpcIsInvalidArgumentToo() {
        var query = AgentQueryServiceGrpc.newBlockingStub(agent.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> query.queryCPUProfile(QueryCPUProfileRequest.newBuilder().setFormatValue(7).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("format 7")
                            .contains("PROFILE_FORMAT_FOLDED", "PROFILE_FORMAT_PPROF", "PROFILE_FORMAT_SVG");
                });
    }

    @Test
    void knownFormatsByNameOrNumberStillWork() throws Exception {
        for (String format : List.of("\"PROFILE_FORMAT_SVG\"", "2")) {
            HttpResponse<String> r = agent.postJson(METHOD, "{\"format\": " + format + "}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).path("contentType").asText()).isEqualTo("image/svg+xml");
        }
        HttpResponse<String> folded = agent.postJson(METHOD, "{}");
        assertThat(JSON.readTree(folded.body()).path("contentType").asText()).startsWith("text/plain");
        // Unknown fields are still ignored, as connect-go does, so a newer client can talk to this agent.
        assertThat(agent.postJson(METHOD, "{\"format\": \"PROFILE_FORMAT_PPROF\", \"newField\": \"x\"}").statusCode())
                .isEqualTo(200);
    }
}
