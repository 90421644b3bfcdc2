package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB's native library is loaded in place from the duckdb plugin's lib/, beside its driver:
 * the driver would otherwise copy 71 MB into a new temporary file on every start, left behind
 * whenever the agent is killed.
 */
class DuckDbLibraryIT {
    private static final String LIBRARY = "libduckdb_java.so_linux_amd64";

    @TempDir
    Path dir;

    @Test
    void theDriverJarCarriesNoNativeLibraryAndTheLinuxOnesLieBesideIt() throws IOException {
        Distribution dist = Distribution.copyInto(dir);
        Path lib = dist.home.resolve("plugins/duckdb-store-plugin/lib");
        try (var files = Files.list(lib)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertThat(names).contains(LIBRARY, "libduckdb_java.so_linux_arm64")
                    .noneMatch(n -> n.contains("macos") || n.contains("windows"));
            Path driver = lib.resolve(names.stream().filter(n -> n.startsWith("duckdb_jdbc-")).findFirst().orElseThrow());
            try (ZipFile jar = new ZipFile(driver.toFile())) {
                assertThat(jar.stream().map(ZipEntry::getName)).noneMatch(n -> n.startsWith("libduckdb_java"))
                        .contains("org/duckdb/DuckDBNative.class");
            }
        }
    }

    @Test
    void theRunningAgentMapsTheLibraryFromThePluginDirectory() throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        int grpc = Distribution.freePort();
        int api = Distribution.freePort();
        Process agent = dist.start(Map.of("CORAL_OTLP_GRPC_ENDPOINT", "127.0.0.1:" + grpc,
                "CORAL_OTLP_HTTP_ENDPOINT", "127.0.0.1:" + Distribution.freePort(), "CORAL_API_LISTEN",
                "127.0.0.1:" + api), "run");
        try {
            RunIT.awaitListening(agent, grpc);
            assertThat(OtlpClient.exportGrpc(grpc, OtlpClient.errorSpans("checkout", "GET /cart", 3))).isTrue();
            List<String> mapped = Files.readAllLines(Path.of("/proc", Long.toString(agent.pid()), "maps")).stream()
                    .filter(l -> l.contains("libduckdb_java")).map(l -> l.substring(l.indexOf('/'))).distinct().toList();
            assertThat(mapped).containsExactly(
                    dist.home.resolve("plugins/duckdb-store-plugin/lib/" + LIBRARY).toRealPath().toString());
        } finally {
            assertThat(Distribution.terminate(agent, Duration.ofSeconds(30))).as(dist.stderr()).isZero();
        }
        assertThat(dist.stderr()).doesNotContain("ERROR");
    }
}
