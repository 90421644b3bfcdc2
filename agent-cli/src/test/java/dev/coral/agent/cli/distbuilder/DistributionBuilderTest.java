package dev.coral.agent.cli.distbuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coral-agent build} with plugins fetched from a real HTTP Maven repository on loopback
 * and from a {@code file:} one: what it verifies, and that a refused plugin leaves the output as
 * it was.
 */
class DistributionBuilderTest {
    private static final String COORDINATES = "com.example:drop-plugin:1.0.0";
    private static final String ZIP = "com/example/drop-plugin/1.0.0/drop-plugin-1.0.0-plugin.zip";

    @TempDir
    Path dir;

    FakeMavenRepository repository;
    Path home;
    Path built;
    final StringWriter log = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        repository = new FakeMavenRepository(dir.resolve("remote"));
        home = fakeHome(dir.resolve("home"));
        built = dir.resolve("out").resolve("edge");
        Files.writeString(dir.resolve("edge.conf"), """
                receivers { idle {} }
                exporters { drop {} }
                pipelines { traces { receivers = [idle], exporters = [drop] } }
                """);
    }

    @AfterEach
    void tearDown() {
        repository.close();
    }

    /** A manifest with one maven plugin (on line 3) and the test repository, plain http allowed. */
    private Path manifest(String coordinates) throws IOException {
        return manifest(coordinates, "{ url = \"" + repository.uri() + "\", insecure = true }", "");
    }

    private Path manifest(String coordinates, String repositoryEntry, String more) throws IOException {
        Path manifest = dir.resolve("builder.conf");
        Files.writeString(manifest, """
                dist { name = edge, output = out, config = edge.conf }
                plugins = [
                  { maven = "%s" }
                ]
                repositories = [ %s ]
                %s
                """.formatted(coordinates, repositoryEntry, more));
        return manifest;
    }

    private Path build(Path manifest) throws Exception {
        return new DistributionBuilder(home, new PrintWriter(log), dir.resolve("m2"))
                .build(BuildManifest.load(manifest), Optional.empty());
    }

    @Test
    void pluginMatchingItsPublishedSha256IsInstalled() throws Exception {
        repository.publish(ZIP, new PluginZip("drop-plugin").bytes(), "sha256", "sha1");

        assertThat(build(manifest(COORDINATES))).isEqualTo(built);

        assertThat(built.resolve("plugins/drop-plugin-1.0.0-plugin/plugin.properties")).isRegularFile();
        assertThat(log.toString()).contains("downloaded " + repository.uri() + "/" + ZIP + " (sha256 ok)")
                .contains("warning: repository " + repository.uri() + " is plain http")
                .contains("plugin drop-plugin <- " + COORDINATES + " (" + repository.uri() + "/" + ZIP + ")")
                .contains("conf/pipelines.conf ok: 1 pipelines, 1 plugins");
        assertThat(dir.resolve("out")).isDirectoryNotContaining(p -> !p.getFileName().toString().equals("edge"));
    }

    @Test
    void onlySha1PublishedAsOlderMavenCentralUploadsIsEnough() throws Exception {
        repository.publish(ZIP, new PluginZip("drop-plugin").bytes(), "sha1", "md5");

        build(manifest(COORDINATES));

        assertThat(log.toString()).contains("(sha1 ok)");
        assertThat(repository.requests()).containsSubsequence(ZIP, ZIP + ".sha256", ZIP + ".sha512", ZIP + ".sha1");
    }

    @Test
    void tamperedPluginIsRefusedAndNothingIsWrittenIntoTheOutput() throws Exception {
        byte[] genuine = new PluginZip("drop-plugin").bytes();
        repository.publish(ZIP, genuine, "sha256", "sha1");
        // Served bytes no longer match the published checksums: a tampering mirror or proxy.
        Files.write(repository.root().resolve(ZIP), new PluginZip("drop-plugin").with("extra.txt", "evil").bytes());

        assertThatThrownBy(() -> build(manifest(COORDINATES)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("builder.conf:3")
                .hasMessageContaining(COORDINATES + ": checksum mismatch for " + repository.uri() + "/" + ZIP)
                .hasMessageContaining("expected sha256 " + FakeMavenRepository.hex("sha256", genuine))
                .hasMessageContaining("got " + FakeMavenRepository.hex("sha256",
                        Files.readAllBytes(repository.root().resolve(ZIP))));
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void failedBuildLeavesThePreviousBuildInPlace() throws Exception {
        repository.publish(ZIP, new PluginZip("drop-plugin").bytes(), "sha256");
        build(manifest(COORDINATES));
        Files.write(repository.root().resolve(ZIP), new PluginZip("drop-plugin").with("extra.txt", "evil").bytes());

        assertThatThrownBy(() -> build(manifest(COORDINATES))).hasMessageContaining("checksum mismatch");

        assertThat(built.resolve("plugins/drop-plugin-1.0.0-plugin/plugin.properties")).isRegularFile();
        assertThat(built.resolve("plugins/drop-plugin-1.0.0-plugin/extra.txt")).doesNotExist();
    }

    @Test
    void pluginWithoutAnyChecksumIsRefused() throws Exception {
        repository.publish(ZIP, new PluginZip("drop-plugin").bytes(), "md5");

        assertThatThrownBy(() -> build(manifest(COORDINATES)))
                .hasMessageContaining("builder.conf:3: " + COORDINATES + ": no checksum for " + repository.uri() + "/"
                        + ZIP + " (tried .sha256, .sha512, .sha1)")
                .hasMessageContaining("add checksums = optional to its entry at " + dir.resolve("builder.conf") + ":5");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void repositoryMarkedChecksumsOptionalMayServeNone() throws Exception {
        repository.publish(ZIP, new PluginZip("drop-plugin").bytes());

        build(manifest(COORDINATES, "{ url = \"" + repository.uri() + "\", insecure = true, checksums = optional }", ""));

        assertThat(log.toString()).contains("(no checksum published (checksums = optional))");
        assertThat(built.resolve("plugins/drop-plugin-1.0.0-plugin")).isDirectory();
    }

    @Test
    void fileRepositoryIsVerifiedToo() throws Exception {
        repository.publish(ZIP, new PluginZip("drop-plugin").bytes(), "sha256");
        Files.write(repository.root().resolve(ZIP), new PluginZip("drop-plugin").with("extra.txt", "evil").bytes());

        assertThatThrownBy(() -> build(manifest(COORDINATES, "\"file:remote\"", "")))
                .hasMessageContaining("checksum mismatch for " + repository.root().toUri() + ZIP);
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void traversalInACoordinateWritesNothingOutsideTheOutput() throws Exception {
        repository.publish("com/evil/x/1.0.0/x-1.0.0-plugin.zip", new PluginZip("x").bytes(), "sha256");
        Path manifest = manifest("com.evil:../../../../../escaped:1.0.0");

        assertThatThrownBy(() -> build(manifest)).hasMessageContaining("builder.conf:3")
                .hasMessageContaining("artifactId '../../../../../escaped'");
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.map(Path::getFileName).map(Path::toString)).noneMatch(n -> n.contains("escaped"));
        }
        assertThat(repository.requests()).isEmpty();
    }

    @Test
    void zipEntryClimbingOutOfThePluginDirectoryIsRefused() throws Exception {
        repository.publish(ZIP, new PluginZip("drop-plugin").with("../../../slipped.txt", "evil").bytes(), "sha256");

        assertThatThrownBy(() -> build(manifest(COORDINATES)))
                .hasMessageContaining("builder.conf:3: drop-plugin-1.0.0-plugin.zip: entry ../../../slipped.txt "
                        + "escapes the plugin directory");
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.map(Path::getFileName).map(Path::toString)).doesNotContain("slipped.txt");
        }
        assertThat(built).doesNotExist();
        assertThat(dir.resolve("out")).isEmptyDirectory();
    }

    @Test
    void pluginSignedByATrustedKeyIsInstalled() throws Exception {
        TestSigner publisher = new TestSigner("Example Plugins <plugins@example.com>");
        Files.write(dir.resolve("example.asc"), publisher.armoredPublicKey());
        byte[] zip = new PluginZip("drop-plugin").bytes();
        repository.publish(ZIP, zip, "sha256");
        repository.publish(ZIP + ".asc", publisher.sign(zip));

        build(manifest(COORDINATES, "{ url = \"" + repository.uri() + "\", insecure = true }",
                "trusted-keys = [example.asc]"));

        assertThat(log.toString()).containsPattern("\\(sha256 ok, signed by [0-9A-F]{40}\\)");
    }

    @Test
    void pluginSignedByAnUntrustedKeyIsRefused() throws Exception {
        Files.write(dir.resolve("example.asc"), new TestSigner("Example <a@example.com>").armoredPublicKey());
        byte[] zip = new PluginZip("drop-plugin").bytes();
        repository.publish(ZIP, zip, "sha256");
        // Whoever can replace the zip and its checksum can sign it too, with a key of their own.
        repository.publish(ZIP + ".asc", new TestSigner("Mallory <m@example.com>").sign(zip));

        assertThatThrownBy(() -> build(manifest(COORDINATES, "{ url = \"" + repository.uri() + "\", insecure = true }",
                "trusted-keys = [example.asc]")))
                .hasMessageContaining(COORDINATES + ": " + repository.uri() + "/" + ZIP + ".asc is no valid signature")
                .hasMessageContaining("(not trusted)");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void signatureOfOtherBytesIsRefused() throws Exception {
        TestSigner publisher = new TestSigner("Example <a@example.com>");
        Files.write(dir.resolve("example.asc"), publisher.armoredPublicKey());
        byte[] zip = new PluginZip("drop-plugin").with("extra.txt", "evil").bytes();
        repository.publish(ZIP, zip, "sha256");
        repository.publish(ZIP + ".asc", publisher.sign(new PluginZip("drop-plugin").bytes()));

        assertThatThrownBy(() -> build(manifest(COORDINATES, "{ url = \"" + repository.uri() + "\", insecure = true }",
                "trusted-keys = [example.asc]")))
                .hasMessageContaining("(signature does not match the file)");
    }

    @Test
    void unsignedPluginIsRefusedWhenTheManifestTrustsKeys() throws Exception {
        Files.write(dir.resolve("example.asc"), new TestSigner("Example <a@example.com>").armoredPublicKey());
        repository.publish(ZIP, new PluginZip("drop-plugin").bytes(), "sha256");

        assertThatThrownBy(() -> build(manifest(COORDINATES, "{ url = \"" + repository.uri() + "\", insecure = true }",
                "trusted-keys = [example.asc]")))
                .hasMessageContaining(COORDINATES + ": " + repository.uri() + "/" + ZIP + " has no signature");
    }

    private static Path fakeHome(Path home) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin").resolve("coral-agent"), "#!/bin/sh\n");
        Files.createDirectories(home.resolve("lib"));
        Files.writeString(home.resolve("lib").resolve("README"), "the runtime's jars\n");
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf").resolve("pipelines.conf"), "");
        return home;
    }
}
