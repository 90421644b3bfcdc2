package dev.coral.agent.server.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.server.testing.ApiAgent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /duckdb/<db>} never follows a symbolic link a store hands it: a link's target is not served. */
class SnapshotSymlinkTest {
    private static final String SECRET = "SECRET-OUTSIDE-THE-DATA-DIR";

    @TempDir
    Path dir;

    ApiAgent agent;
    Path snapshot;
    Path secret;

    @BeforeEach
    void start() throws Exception {
        agent = ApiAgent.start(dir);
        agent.store.writeDatabase("a real snapshot".getBytes(StandardCharsets.UTF_8));
        snapshot = dir.resolve("data").resolve("metrics.duckdb");
        secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        Files.delete(snapshot);
        Files.createSymbolicLink(snapshot, secret);
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    @Test
    void aSnapshotThatIsASymlinkIsRefusedWithoutItsTargetsContent() throws Exception {
        HttpResponse<byte[]> r = agent.get("/duckdb/metrics.duckdb");

        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(body).doesNotContain(SECRET);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(body).contains("metrics.duckdb").contains("symbolic link");
    }

    @Test
    void rangesAndHeadRevealNothingOfTheTarget() throws Exception {
        HttpResponse<byte[]> range = agent.get("/duckdb/metrics.duckdb", "Range", "bytes=0-5");
        assertThat(new String(range.body(), StandardCharsets.UTF_8)).doesNotContain("SECRET");
        assertThat(range.statusCode()).isEqualTo(500);

        HttpResponse<byte[]> head = agent.head("/duckdb/metrics.duckdb");
        assertThat(head.statusCode()).isEqualTo(500);
        assertThat(head.headers().firstValue("content-length")).isNotEqualTo(
                java.util.Optional.of(Integer.toString(SECRET.length())));
    }

    @Test
    void theRouteServesAgainOnceTheLinkIsGone() throws Exception {
        Files.delete(snapshot);
        agent.store.writeDatabase("a real snapshot".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = agent.get("/duckdb/metrics.duckdb");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("a real snapshot");
    }
}
