package dev.coral.agent.cli.distbuilder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.runtime.config.InvalidConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder manifest's repositories and coordinates: refused at load, naming file, line and key. */
class BuildManifestTest {
    @TempDir
    Path dir;

    private Path write(String hocon) throws Exception {
        Path file = dir.resolve("builder.conf");
        Files.writeString(file, hocon);
        return file;
    }

    private List<String> problems(String hocon) throws Exception {
        Path file = write(hocon);
        try {
            BuildManifest accepted = BuildManifest.load(file);
            throw new AssertionError("manifest was accepted: " + accepted);
        } catch (InvalidConfigException e) {
            return e.problems().stream().map(ConfigProblem::getMessage)
                    .map(m -> m.replace(file.toString(), "builder.conf")).toList();
        }
    }

    @Test
    void plainHttpRepositoryIsRefusedUnlessMarkedInsecure() throws Exception {
        assertThat(problems("""
                plugins = [ { maven = "com.example:x:1.0.0" } ]
                repositories = [
                  "https://repo.maven.apache.org/maven2"
                  "http://nexus.example.com/maven2"
                ]
                """)).singleElement().asString()
                .startsWith("builder.conf:4: repositories: 'http://nexus.example.com/maven2' is plain http")
                .contains("insecure = true");

        BuildManifest insecure = BuildManifest.load(write("""
                plugins = [ { maven = "com.example:x:1.0.0" } ]
                repositories = [ { url = "http://nexus.example.com/maven2", insecure = true } ]
                """));
        assertThat(insecure.repositories()).singleElement().satisfies(r -> {
            assertThat(r.url()).isEqualTo(URI.create("http://nexus.example.com/maven2"));
            assertThat(r.insecure()).isTrue();
            assertThat(r.checksumsOptional()).isFalse();
        });
    }

    @Test
    void defaultIsMavenCentralOverHttpsWithChecksumsRequired() throws Exception {
        BuildManifest manifest = BuildManifest.load(write("plugins = [ { maven = \"com.example:x:1.0.0\" } ]"));

        assertThat(manifest.repositories()).singleElement().satisfies(r -> {
            assertThat(r.url()).isEqualTo(URI.create("https://repo.maven.apache.org/maven2"));
            assertThat(r.insecure()).isFalse();
            assertThat(r.checksumsOptional()).isFalse();
        });
        assertThat(manifest.trustedKeys()).isEmpty();
    }

    @Test
    void coordinatesThatCouldLeaveTheirDirectoryAreRefused() throws Exception {
        List<String> problems = problems("""
                plugins = [
                  { maven = "com.evil:../../../../x:1.0.0" }
                  { maven = "com..evil:x:1.0.0" }
                  { maven = "../com:x:1.0.0" }
                  { maven = "com.evil:x:../1.0.0" }
                  { maven = "com.evil:x:1.0.0:zip:../../c" }
                  { maven = "com.evil:x:1.0.0:zip/../../y" }
                  { maven = "com.evil:a\\\\b:1.0.0" }
                  { maven = "com.evil:..:1.0.0" }
                  { maven = "com.example:x:1.0.0:zip:plugin" }
                ]
                """);

        assertThat(problems).hasSize(8);
        assertThat(problems.get(0)).isEqualTo("builder.conf:2: plugins: 'com.evil:../../../../x:1.0.0': artifactId "
                + "'../../../../x' may hold only letters, digits, '_', '-' and '.' (not first), so that it stays "
                + "one path segment");
        assertThat(problems.get(1)).startsWith("builder.conf:3: plugins: 'com..evil:x:1.0.0': groupId 'com..evil'");
        assertThat(problems.get(2)).startsWith("builder.conf:4: plugins: '../com:x:1.0.0': groupId");
        assertThat(problems.get(3)).startsWith("builder.conf:5: plugins: 'com.evil:x:../1.0.0': version");
        assertThat(problems.get(4)).startsWith("builder.conf:6: plugins: 'com.evil:x:1.0.0:zip:../../c': classifier");
        assertThat(problems.get(5)).startsWith("builder.conf:7: plugins: 'com.evil:x:1.0.0:zip/../../y': extension");
        assertThat(problems.get(6)).startsWith("builder.conf:8: plugins: 'com.evil:a\\b:1.0.0': artifactId");
        assertThat(problems.get(7)).startsWith("builder.conf:9: plugins: 'com.evil:..:1.0.0': artifactId");
    }

    @Test
    void repositorySettingsAreChecked() throws Exception {
        assertThat(problems("""
                plugins = [ { maven = "com.example:x:1.0.0" } ]
                repositories = [
                  { url = "https://a.example.com/m2", checksums = sometimes }
                  { url = "https://b.example.com/m2", insecur = true }
                  "ftp://c.example.com/m2"
                  { insecure = true }
                ]
                trusted-keys = [ "keys/missing.asc" ]
                """)).containsExactly(
                "builder.conf:3: repositories.checksums: expected required or optional, got \"sometimes\"",
                "builder.conf:4: repositories.insecur: unknown setting; a repository has url, insecure and checksums",
                "builder.conf:5: repositories: 'ftp://c.example.com/m2': expected an https:// or file: URL",
                "builder.conf:6: repositories.url: missing; a repository block needs url = \"https://...\"",
                "builder.conf:8: trusted-keys: " + dir.resolve("keys/missing.asc") + " not found");
    }

    @Test
    void aMissingConfigIsNamedWithItsLine() throws Exception {
        assertThat(problems("""
                plugins = [ { bundled = otlp } ]
                dist { config = edge-pipelines.conf }
                """)).containsExactly("builder.conf:2: dist.config: " + dir.resolve("edge-pipelines.conf")
                + " not found; name a pipelines.conf (relative to the manifest) or leave the key out to ship this"
                + " distribution's own");
    }

    @Test
    void fileRepositoryMayBeRelativeToTheManifest() throws Exception {
        BuildManifest manifest = BuildManifest.load(write("""
                plugins = [ { maven = "com.example:x:1.0.0" } ]
                repositories = [ "file:local-repo", { url = "file:///srv/maven", checksums = optional } ]
                """));

        assertThat(manifest.repositories()).extracting(Repository::url)
                .containsExactly(dir.resolve("local-repo").toUri(), Path.of("/srv/maven").toUri());
        assertThat(manifest.repositories().get(1).checksumsOptional()).isTrue();
    }
}
