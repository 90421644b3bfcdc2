package dev.coral.agent.runtime.distbuilder;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.runtime.config.Problems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 */
public record BuildManifest(String name, Path output, Optional<Path> config, boolean selfContained, boolean archive,
        List<PluginSource> plugins, List<String> repositories) {

    /** Where one plugin comes from. */
    public sealed interface PluginSource {
        String location();
    }

    /** A plugin shipped in this distribution's plugins directory, by plugin id. */
    public record Bundled(String pluginId, String location) implements PluginSource {}

    /** A plugin zip, jar or directory on disk. */
    public record FromPath(Path path, String location) implements PluginSource {}

    /** A plugin artifact by Maven coordinates {@code group:artifact:version[:type[:classifier]]}. */
    public record FromMaven(String coordinates, String location) implements PluginSource {}

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
            distName = dist.string("name", distName);
            if (!distName.matches("[A-Za-z0-9._-]+")) {
                throw dist.invalid("name", "a directory name (letters, digits, '.', '_', '-')");
            }
            output = base.resolve(dist.string("output", "build"));
            if (dist.has("config")) {
                config = Optional.of(base.resolve(dist.string("config", "")));
            }
            selfContained = dist.flag("self-contained", false);
            archive = dist.flag("archive", false);
            dist.unreadKeys().forEach(k -> problems.add(dist.locationOf(k), "dist." + k, "unknown setting"));
        } catch (ConfigProblem p) {
            problems.add(p);
        }
        List<PluginSource> plugins = new ArrayList<>();
        if (!root.hasPath("plugins") || root.getValue("plugins").valueType() != ConfigValueType.LIST) {
            problems.add(name, "plugins", "expected a list such as plugins = [{ bundled = otlp }, { path = \"x.zip\" }]");
        } else {
            for (ConfigValue item : root.getList("plugins")) {
                String where = item.origin().lineNumber() > 0 ? name + ":" + item.origin().lineNumber() : name;
                plugins.add(source(item, where, base, problems));
            }
        }
        List<String> repositories = List.of("https://repo.maven.apache.org/maven2");
        if (root.hasPath("repositories")) {
            repositories = root.getStringList("repositories");
        }
        for (String key : root.root().keySet()) {
            if (!List.of("dist", "plugins", "repositories").contains(key)) {
                problems.add(name, key, "unknown section; a manifest has dist, plugins and repositories");
            }
        }
        problems.throwIfAny();
        return new BuildManifest(distName, output, config, selfContained, archive, plugins, repositories);
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
            case "maven" -> new FromMaven(value, where);
            default -> {
                problems.add(where, "plugins", "unknown plugin source '" + entry.getKey() + "'; use bundled, path or maven");
                yield null;
            }
        };
    }
}
