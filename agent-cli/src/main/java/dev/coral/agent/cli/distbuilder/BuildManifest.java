package dev.coral.agent.cli.distbuilder;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.runtime.config.Problems;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A custom distribution's recipe, as the OpenTelemetry Collector builder's manifest: which
 * plugins, where each comes from, which pipelines.conf, and the output's form.
 *
 * @param name the distribution's directory name
 * @param output where to write it (relative to the manifest)
 * @param config the pipelines.conf to ship, or empty for this distribution's own
 * @param selfContained copy this distribution's jlink runtime into the new one
 * @param archive also write {@code <name>.tar.gz}
 * @param plugins the plugins, in order
 * @param repositories Maven repositories for {@code maven} plugins (after the local one)
 * @param trustedKeys OpenPGP public key files; when any, every downloaded plugin needs a
 *     {@code .asc} signature by one of them
 */
public record BuildManifest(String name, Path output, Optional<Path> config, boolean selfContained, boolean archive,
        List<PluginSource> plugins, List<Repository> repositories, List<Path> trustedKeys) {
    private static final List<String> SECTIONS = List.of("dist", "plugins", "repositories", "trusted-keys");

    /** Where one plugin comes from. */
    public sealed interface PluginSource {
        String location();
    }

    /** A plugin shipped in this distribution's plugins directory, by plugin id. */
    public record Bundled(String pluginId, String location) implements PluginSource {}

    /** A plugin zip, jar or directory on disk. */
    public record FromPath(Path path, String location) implements PluginSource {}

    /** A plugin artifact by Maven coordinates {@code group:artifact:version[:extension[:classifier]]}. */
    public record FromMaven(Coordinates coordinates, String location) implements PluginSource {}

    public static BuildManifest load(Path file) throws InvalidConfigException {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException(new ConfigProblem(name, "", "manifest not found"));
        }
        Config root;
        try {
            root = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            throw new InvalidConfigException(new ConfigProblem(name, "", e.getMessage()));
        }
        Path base = file.toAbsolutePath().getParent();
        Problems problems = new Problems();
        Settings dist = Settings.of(root.hasPath("dist") ? root.getConfig("dist") : ConfigFactory.empty(), "dist", name);
        String distName = "coral-agent";
        Path output = base.resolve("build");
        Optional<Path> config = Optional.empty();
        boolean selfContained = false;
        boolean archive = false;
        try {
            distName = dist.string("name", distName, n -> n.matches("[A-Za-z0-9._-]+"),
                    "a directory name (letters, digits, '.', '_', '-')");
            output = base.resolve(dist.string("output", "build"));
            if (dist.has("config")) {
                config = Optional.of(base.resolve(dist.string("config", "")));
                if (!Files.isRegularFile(config.get())) {
                    problems.add(dist.locationOf("config"), "dist.config", config.get()
                            + " not found; name a pipelines.conf (relative to the manifest) or leave the key out"
                            + " to ship this distribution's own");
                }
            }
            selfContained = dist.flag("self-contained", false);
            archive = dist.flag("archive", false);
            dist.problems().forEach(problems::add);
            dist.unreadKeys().forEach(k -> problems.add(dist.locationOf(k), "dist." + k, "unknown setting"));
        } catch (ConfigProblem p) {
            problems.add(p);
        }
        List<PluginSource> plugins = new ArrayList<>();
        if (!root.hasPath("plugins") || root.getValue("plugins").valueType() != ConfigValueType.LIST) {
            problems.add(name, "plugins", "expected a list such as plugins = [{ bundled = otlp }, { path = \"x.zip\" }]");
        } else {
            for (ConfigValue item : root.getList("plugins")) {
                plugins.add(source(item, where(item, name), base, problems));
            }
        }
        List<Repository> repositories = repositories(root, name, base, problems);
        List<Path> trustedKeys = trustedKeys(Settings.of(root, "", name), base, problems);
        for (String key : root.root().keySet()) {
            if (!SECTIONS.contains(key)) {
                problems.add(name, key, "unknown section; a manifest has " + String.join(", ", SECTIONS));
            }
        }
        problems.throwIfAny();
        return new BuildManifest(distName, output, config, selfContained, archive, plugins, repositories, trustedKeys);
    }

    private static List<Repository> repositories(Config root, String name, Path base, Problems problems) {
        if (!root.hasPath("repositories")) {
            return List.of(Repository.MAVEN_CENTRAL);
        }
        ConfigValue list = root.getValue("repositories");
        if (list.valueType() != ConfigValueType.LIST) {
            problems.add(where(list, name), "repositories",
                    "expected a list of URLs or { url = ..., insecure = ..., checksums = ... } blocks");
            return List.of();
        }
        List<Repository> out = new ArrayList<>();
        for (ConfigValue item : (ConfigList) list) {
            try {
                out.add(repository(item, where(item, name), name, base));
            } catch (ConfigProblem p) {
                problems.add(p);
            }
        }
        return out;
    }

    private static Repository repository(ConfigValue item, String where, String name, Path base) {
        String url;
        boolean insecure = false;
        boolean checksumsOptional = false;
        if (item.valueType() == ConfigValueType.STRING) {
            url = (String) item.unwrapped();
        } else if (item.valueType() == ConfigValueType.OBJECT) {
            Settings s = Settings.of(((ConfigObject) item).toConfig(), "repositories", name);
            url = s.string("url", "");
            insecure = s.flag("insecure", false);
            String checksums = s.string("checksums", "required");
            if (!List.of("required", "optional").contains(checksums)) {
                throw new ConfigProblem(s.locationOf("checksums"), "repositories.checksums",
                        "expected required or optional, got \"" + checksums + "\"");
            }
            checksumsOptional = checksums.equals("optional");
            if (!s.problems().isEmpty()) {
                throw s.problems().getFirst();
            }
            if (url.isEmpty()) {
                throw new ConfigProblem(where, "repositories.url", "missing; a repository block needs url = \"https://...\"");
            }
            List<String> unknown = s.unreadKeys();
            if (!unknown.isEmpty()) {
                throw new ConfigProblem(s.locationOf(unknown.getFirst()), "repositories." + unknown.getFirst(),
                        "unknown setting; a repository has url, insecure and checksums");
            }
        } else {
            throw new ConfigProblem(where, "repositories",
                    "expected a URL or { url = ..., insecure = ..., checksums = ... }");
        }
        URI uri = repositoryUri(url, where, base);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if ("http".equals(scheme) && !insecure) {
            throw new ConfigProblem(where, "repositories", "'" + url + "' is plain http: anyone on the way can swap "
                    + "a plugin and its checksum. Use https, or accept that with { url = \"" + url
                    + "\", insecure = true }");
        }
        if (!List.of("https", "http", "file").contains(scheme)) {
            throw new ConfigProblem(where, "repositories", "'" + url + "': expected an https:// or file: URL");
        }
        return new Repository(uri, insecure, checksumsOptional, where);
    }

    /** The URL; a {@code file:} path may be relative to the manifest's directory. */
    private static URI repositoryUri(String url, String where, Path base) {
        if (url.regionMatches(true, 0, "file:", 0, 5)) {
            String path = url.substring(5).replaceFirst("^//(?=/)", "");
            return base.resolve(path).normalize().toUri();
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(url, "no scheme or host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigProblem(where, "repositories", "'" + url + "' is not a URL: " + e.getMessage());
        }
    }

    private static List<Path> trustedKeys(Settings top, Path base, Problems problems) {
        List<Path> keys = new ArrayList<>();
        for (String file : top.strings("trusted-keys", List.of())) {
            Path key = base.resolve(file);
            if (!Files.isRegularFile(key)) {
                problems.add(top.locationOf("trusted-keys"), "trusted-keys", key + " not found");
            }
            keys.add(key);
        }
        top.problems().forEach(problems::add);
        return keys;
    }

    private static String where(ConfigValue value, String name) {
        return value.origin().lineNumber() > 0 ? name + ":" + value.origin().lineNumber() : name;
    }

    private static PluginSource source(ConfigValue item, String where, Path base, Problems problems) {
        if (item.valueType() != ConfigValueType.OBJECT || ((ConfigObject) item).size() != 1) {
            problems.add(where, "plugins", "each plugin is one of { bundled = ID }, { path = FILE }, { maven = \"g:a:v\" }");
            return null;
        }
        var entry = ((ConfigObject) item).entrySet().iterator().next();
        String value = String.valueOf(entry.getValue().unwrapped());
        return switch (entry.getKey()) {
            case "bundled" -> new Bundled(value, where);
            case "path" -> new FromPath(base.resolve(value), where);
            case "maven" -> {
                try {
                    yield new FromMaven(Coordinates.parse(value), where);
                } catch (IllegalArgumentException e) {
                    problems.add(where, "plugins", e.getMessage());
                    yield null;
                }
            }
            default -> {
                problems.add(where, "plugins", "unknown plugin source '" + entry.getKey() + "'; use bundled, path or maven");
                yield null;
            }
        };
    }
}
