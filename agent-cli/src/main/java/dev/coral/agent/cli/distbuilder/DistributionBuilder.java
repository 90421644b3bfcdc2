package dev.coral.agent.cli.distbuilder;

import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.cli.distbuilder.BuildManifest.Bundled;
import dev.coral.agent.cli.distbuilder.BuildManifest.FromMaven;
import dev.coral.agent.cli.distbuilder.BuildManifest.FromPath;
import dev.coral.agent.cli.distbuilder.BuildManifest.PluginSource;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.pf4j.CompoundPluginDescriptorFinder;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PropertiesPluginDescriptorFinder;

/**
 * Assembles a custom distribution from a {@link BuildManifest}: this distribution's launcher,
 * libraries (and runtime, when self-contained), exactly the plugins the manifest names, and its
 * pipelines.conf; then loads the result as the agent would, so a manifest that names a plugin
 * the config does not match fails here, not on the host.
 *
 * <p>Every plugin is found, downloaded and verified before the output is touched, and the
 * distribution is assembled beside it ({@code .<name>.partial}) and moved into place only once
 * it loads: a refused plugin or a failed check leaves the previous build as it was.
 */
public final class DistributionBuilder {
    private final Path home;
    private final PrintWriter log;
    private final Path localRepository;
    private final RepositoryFetcher fetcher;
    private final PluginDescriptorFinder descriptors = new CompoundPluginDescriptorFinder()
            .add(new PropertiesPluginDescriptorFinder()).add(new ManifestPluginDescriptorFinder());

    /**
     * @param home the distribution the new one is made from (its bin, lib, plugins, conf)
     * @param log progress lines
     */
    public DistributionBuilder(Path home, PrintWriter log) {
        this(home, log, MavenArtifacts.defaultLocalRepository());
    }

    /** @param localRepository the Maven local repository {@code maven} plugins are looked for first */
    public DistributionBuilder(Path home, PrintWriter log, Path localRepository) {
        this.home = home;
        this.log = log;
        this.localRepository = localRepository;
        this.fetcher = new RepositoryFetcher();
    }

    /** A plugin's source, the file it resolved to, and where that came from (for the log). */
    private record Located(PluginSource source, Path file, String origin) {}

    /** Builds the distribution; returns its directory. */
    public Path build(BuildManifest manifest, Optional<Path> outputOverride) throws IOException, InvalidConfigException {
        Path output = outputOverride.orElse(manifest.output()).toAbsolutePath().normalize();
        Path target = ConfinedPath.resolve(output, manifest.name(), "dist.name");
        refuseForeign(target);
        Path scratch = Files.createTempDirectory("coral-agent-build-");
        try {
            List<Located> plugins = locateAll(manifest, scratch);
            Files.createDirectories(output);
            Path staging = ConfinedPath.resolve(output, "." + manifest.name() + ".partial", "dist.name");
            deleteTree(staging); // left by a build that was killed
            try {
                assemble(manifest, staging, plugins);
                refuseForeign(target);
                deleteTree(target);
                Files.move(staging, target);
            } finally {
                deleteTree(staging);
            }
        } finally {
            deleteTree(scratch);
        }
        if (manifest.archive()) {
            Path archive = target.resolveSibling(manifest.name() + ".tar.gz");
            run(List.of("tar", "-czf", archive.toString(), "-C", target.getParent().toString(), manifest.name()));
            log.println("  archive " + archive);
        }
        log.flush();
        return target;
    }

    /** Finds every plugin; downloads land in {@code scratch}, verified, before anything is written. */
    private List<Located> locateAll(BuildManifest manifest, Path scratch) throws IOException {
        boolean anyMaven = manifest.plugins().stream().anyMatch(FromMaven.class::isInstance);
        if (anyMaven) {
            for (Repository r : manifest.repositories()) {
                if (r.isPlainHttp()) {
                    log.println("  warning: repository " + r + " is plain http (insecure = true at " + r.location()
                            + "): what it serves, checksums included, can be altered on the way");
                }
            }
        }
        TrustedKeys keys = anyMaven ? TrustedKeys.load(manifest.trustedKeys()) : TrustedKeys.none();
        MavenArtifacts maven = new MavenArtifacts(localRepository, manifest.repositories(), scratch.resolve("downloads"),
                fetcher, keys, log);
        List<Located> located = new ArrayList<>();
        for (PluginSource source : manifest.plugins()) {
            located.add(locate(source, maven));
        }
        return located;
    }

    private void assemble(BuildManifest manifest, Path target, List<Located> located)
            throws IOException, InvalidConfigException {
        Files.createDirectories(target);
        copyTree(home.resolve("bin"), target.resolve("bin"));
        copyTree(home.resolve("lib"), target.resolve("lib"));
        if (manifest.selfContained()) {
            if (!Files.isDirectory(home.resolve("runtime"))) {
                throw new IOException("self-contained = true, but " + home + " has no runtime/: build from the "
                        + "self-contained distribution (coral-agent-*-linux-x64.tar.gz)");
            }
            copyTree(home.resolve("runtime"), target.resolve("runtime"));
        }
        Path plugins = Files.createDirectories(target.resolve("plugins"));
        Map<String, String> seen = new HashMap<>();
        for (Located plugin : located) {
            PluginSource source = plugin.source();
            Path installed;
            try {
                installed = install(plugin.file(), plugins);
            } catch (IOException e) {
                throw new IOException(source.location() + ": " + e.getMessage(), e);
            }
            String id = descriptor(installed).map(PluginDescriptor::getPluginId)
                    .orElseThrow(() -> new IOException(source.location() + ": " + plugin.origin()
                            + " is not a PF4J plugin (no plugin.properties or Plugin-Id manifest entry)"));
            String previous = seen.put(id, source.location());
            if (previous != null) {
                throw new IOException(source.location() + ": plugin '" + id + "' is already included at " + previous);
            }
            log.println("  plugin " + id + " <- " + plugin.origin());
        }
        if (manifest.selfContained()) {
            trimNatives(target);
        }
        Path conf = Files.createDirectories(target.resolve("conf")).resolve("pipelines.conf");
        Files.copy(manifest.config().orElse(home.resolve("conf").resolve("pipelines.conf")), conf,
                StandardCopyOption.REPLACE_EXISTING);
        // Load it as the agent will: every plugin starts, the config matches the plugins.
        try (AgentRuntime check = AgentRuntime.builder().home(target).configFile(conf).build()) {
            log.println("  conf/pipelines.conf ok: " + check.plan().pipelines().size() + " pipelines, "
                    + check.plugins().size() + " plugins");
        }
    }

    /** A self-contained distribution runs on its runtime's platform only: other platforms' natives go. */
    private void trimNatives(Path target) throws IOException {
        Optional<String> platform = NativeVariants.platformOf(target.resolve("runtime"));
        if (platform.isEmpty()) {
            return;
        }
        List<Path> jars;
        try (Stream<Path> walk = Files.walk(target.resolve("plugins"))) {
            jars = walk.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).toList();
        }
        for (Path jar : jars) {
            List<String> removed = NativeVariants.keepOnly(jar, platform.get());
            if (!removed.isEmpty()) {
                log.println("  " + target.relativize(jar) + ": kept the " + platform.get() + " native libraries only,"
                        + " removed " + String.join(", ", removed));
            }
        }
    }

    private Located locate(PluginSource source, MavenArtifacts maven) throws IOException {
        return switch (source) {
            case Bundled b -> {
                Path file = bundled(b);
                yield new Located(source, file, file.toString());
            }
            case FromPath p -> {
                if (!Files.exists(p.path())) {
                    throw new IOException(p.location() + ": " + p.path() + " does not exist");
                }
                yield new Located(source, p.path(), p.path().toString());
            }
            case FromMaven m -> {
                try {
                    MavenArtifacts.Artifact artifact = maven.resolve(m.coordinates());
                    yield new Located(source, artifact.file(), m.coordinates() + " (" + artifact.origin() + ")");
                } catch (IOException e) {
                    throw new IOException(m.location() + ": " + e.getMessage(), e);
                }
            }
        };
    }

    private Path bundled(Bundled b) throws IOException {
        Path dir = home.resolve("plugins");
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> all = entries.sorted().toList();
            for (Path candidate : all) {
                if (descriptor(candidate).map(d -> d.getPluginId().equals(b.pluginId())).orElse(false)) {
                    return candidate;
                }
            }
            List<String> ids = all.stream().map(this::descriptor).flatMap(Optional::stream)
                    .map(PluginDescriptor::getPluginId).sorted().toList();
            throw new IOException(b.location() + ": no bundled plugin '" + b.pluginId() + "' in " + dir
                    + "; bundled plugins: " + String.join(", ", ids));
        }
    }

    /** Copies a plugin into the new plugins directory; zips are unpacked so the result runs read-only. */
    private static Path install(Path source, Path plugins) throws IOException {
        String name = source.getFileName().toString();
        if (Files.isDirectory(source)) {
            Path target = ConfinedPath.resolve(plugins, name, "plugin");
            copyTree(source, target);
            return target;
        }
        if (name.endsWith(".zip")) {
            Path target = ConfinedPath.resolve(plugins, name.substring(0, name.length() - 4), "plugin");
            unzip(source, target);
            return target;
        }
        Path target = ConfinedPath.resolve(plugins, name, "plugin");
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private Optional<PluginDescriptor> descriptor(Path plugin) {
        try {
            if (Files.isDirectory(plugin) || plugin.toString().endsWith(".jar")) {
                return Optional.of(descriptors.find(plugin));
            }
        } catch (RuntimeException notAPlugin) {
            // fall through: not a plugin
        }
        return Optional.empty();
    }

    private static void refuseForeign(Path target) throws IOException {
        if (Files.exists(target) && !Files.isRegularFile(target.resolve("bin").resolve("coral-agent"))) {
            throw new IOException(target + " exists and is not a Coral distribution; refusing to overwrite it");
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry e; (e = entries.getNextEntry()) != null; ) {
                Path out;
                try {
                    out = ConfinedPath.resolve(target, e.getName(), "entry");
                } catch (IOException escape) {
                    throw new IOException(zip.getFileName() + ": entry " + e.getName() + " escapes the plugin directory",
                            escape);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(entries, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path out = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(out);
                } else {
                    Files.copy(p, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void run(List<String> command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit code " + p.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
