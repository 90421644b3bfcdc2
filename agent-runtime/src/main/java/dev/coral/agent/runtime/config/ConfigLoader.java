package dev.coral.agent.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.coral.agent.api.ComponentId;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.api.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code pipelines.conf} (HOCON; {@code ${?ENV}} substitutions fall back to the
 * environment) into a {@link PipelinesConfig}. Checks the file's shape; what a component's
 * settings mean is its factory's business, checked later.
 */
public final class ConfigLoader {
    private static final Set<String> TOP_LEVEL = Set.of("agent", "receivers", "processors", "exporters", "stores",
            "pipelines");
    private static final List<ComponentKind> PIPELINE_KINDS = List.of(ComponentKind.RECEIVER, ComponentKind.PROCESSOR,
            ComponentKind.EXPORTER, ComponentKind.STORE);

    private final AgentDirectories dirs;

    /** Everything under {@code home} ({@link AgentDirectories#under}). */
    public ConfigLoader(Path home) {
        this(AgentDirectories.under(home));
    }

    public ConfigLoader(AgentDirectories dirs) {
        this.dirs = dirs;
    }

    public PipelinesConfig load(Path file) throws InvalidConfigException {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException(new ConfigProblem(name, "", "config file not found"));
        }
        Config config;
        try {
            config = ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false)).resolve();
        } catch (ConfigException.UnresolvedSubstitution e) {
            throw new InvalidConfigException(new ConfigProblem(where(e.origin(), name), "",
                    "unresolved substitution: " + stripOrigin(e)
                            + " (use ${?NAME} for an optional environment variable)"));
        } catch (ConfigException.Parse e) {
            throw new InvalidConfigException(new ConfigProblem(where(e.origin(), name), "",
                    "syntax error: " + stripOrigin(e)));
        } catch (ConfigException e) {
            throw new InvalidConfigException(new ConfigProblem(where(e.origin(), name), "", stripOrigin(e)));
        }
        return parse(config, name);
    }

    /** Parses an already-read config; {@code name} is used in messages. */
    public PipelinesConfig parse(Config config, String name) throws InvalidConfigException {
        Problems problems = new Problems();
        for (var e : config.root().entrySet()) {
            if (!TOP_LEVEL.contains(e.getKey())) {
                problems.add(where(e.getValue().origin(), name), e.getKey(),
                        "unknown section; expected one of agent, receivers, processors, exporters, stores, pipelines");
            }
        }
        AgentSettings agent = AgentSettings.defaults(dirs);
        try {
            Settings s = Settings.of(objectOrEmpty(config, AgentSettings.SECTION, name), AgentSettings.SECTION, name);
            agent = AgentSettings.parse(s, dirs);
            s.problems().forEach(problems::add);
            for (String key : s.unreadKeys()) {
                problems.add(s.locationOf(key), AgentSettings.SECTION + "." + key, "unknown setting");
            }
        } catch (ConfigProblem p) {
            problems.add(p);
        }

        Map<ComponentKind, Map<ComponentId, PipelinesConfig.Declared>> components = new EnumMap<>(ComponentKind.class);
        for (ComponentKind kind : ComponentKind.values()) {
            problems.collect(() -> components.put(kind, declarations(config, kind, name, problems)));
        }
        List<PipelinesConfig.Pipeline> pipelines = new ArrayList<>();
        problems.collect(() -> pipelines.addAll(pipelines(config, name, problems)));
        problems.throwIfAny();
        return new PipelinesConfig(name, agent, components, pipelines);
    }

    private Map<ComponentId, PipelinesConfig.Declared> declarations(Config config, ComponentKind kind, String file,
            Problems problems) {
        Map<ComponentId, PipelinesConfig.Declared> out = new LinkedHashMap<>();
        ConfigObject section = objectOrEmpty(config, kind.section(), file).root();
        for (var e : inFileOrder(section)) {
            String key = kind.section() + "." + ConfigUtil.joinPath(e.getKey());
            String location = where(e.getValue().origin(), file);
            ComponentId id;
            try {
                id = ComponentId.parse(e.getKey());
            } catch (IllegalArgumentException bad) {
                problems.add(location, key, bad.getMessage());
                continue;
            }
            ConfigValue v = e.getValue();
            Config block;
            if (v.valueType() == ConfigValueType.OBJECT) {
                block = ((ConfigObject) v).toConfig();
            } else if (v.valueType() == ConfigValueType.NULL) {
                block = ConfigFactory.empty();
            } else {
                problems.add(location, key, "expected a block { ... } of settings (use {} for defaults)");
                continue;
            }
            out.put(id, new PipelinesConfig.Declared(kind, id, Settings.of(block, kind.section() + "." + id, file),
                    location));
        }
        return out;
    }

    private List<PipelinesConfig.Pipeline> pipelines(Config config, String file, Problems problems) {
        List<PipelinesConfig.Pipeline> out = new ArrayList<>();
        ConfigObject section = objectOrEmpty(config, "pipelines", file).root();
        if (section.isEmpty()) {
            problems.add(file, "pipelines", "no pipelines defined; e.g. pipelines { traces { receivers = [otlp], stores = [duckdb] } }");
        }
        for (var e : inFileOrder(section)) {
            String name = e.getKey();
            String key = "pipelines." + ConfigUtil.joinPath(name);
            String location = where(e.getValue().origin(), file);
            String signalName = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
            var signal = Signal.byName(signalName);
            if (signal.isEmpty()) {
                problems.add(location, key, "unknown signal '" + signalName
                        + "'; a pipeline is named traces, metrics, logs or profiles, optionally with /name");
                continue;
            }
            if (e.getValue().valueType() != ConfigValueType.OBJECT) {
                problems.add(location, key, "expected a block { receivers = [...], stores = [...] }");
                continue;
            }
            ConfigObject body = (ConfigObject) e.getValue();
            Map<ComponentKind, List<PipelinesConfig.Ref>> refs = new EnumMap<>(ComponentKind.class);
            for (var entry : body.entrySet()) {
                var kind = PIPELINE_KINDS.stream().filter(k -> k.section().equals(entry.getKey())).findFirst();
                String refKey = key + "." + entry.getKey();
                if (kind.isEmpty()) {
                    problems.add(where(entry.getValue().origin(), file), refKey,
                            "unknown key; a pipeline has receivers, processors, exporters and stores");
                    continue;
                }
                refs.put(kind.get(), references(entry.getValue(), refKey, file, problems));
            }
            if (!refs.containsKey(ComponentKind.RECEIVER)) {
                problems.add(location, key + ".receivers", "a pipeline needs at least one receiver");
            }
            if (!refs.containsKey(ComponentKind.EXPORTER) && !refs.containsKey(ComponentKind.STORE)) {
                problems.add(location, key, "a pipeline needs at least one store or exporter");
            }
            out.add(new PipelinesConfig.Pipeline(name, signal.get(), refs, location));
        }
        return out;
    }

    private static List<PipelinesConfig.Ref> references(ConfigValue value, String key, String file, Problems problems) {
        List<ConfigValue> items;
        if (value.valueType() == ConfigValueType.LIST) {
            items = (ConfigList) value;
        } else if (value.valueType() == ConfigValueType.STRING) {
            items = List.of(value);
        } else {
            problems.add(where(value.origin(), file), key, "expected a list of component ids, e.g. [otlp, \"otlp/internal\"]");
            return List.of();
        }
        List<PipelinesConfig.Ref> refs = new ArrayList<>();
        for (ConfigValue item : items) {
            String location = where(item.origin(), file);
            if (item.valueType() != ConfigValueType.STRING) {
                problems.add(location, key, "expected a component id, got " + item.render());
                continue;
            }
            try {
                refs.add(new PipelinesConfig.Ref(ComponentId.parse((String) item.unwrapped()), location, key));
            } catch (IllegalArgumentException bad) {
                problems.add(location, key, bad.getMessage());
            }
        }
        return refs;
    }

    /** HOCON objects are unordered; components start in the order the file declares them. */
    private static List<Map.Entry<String, ConfigValue>> inFileOrder(ConfigObject object) {
        List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(object.entrySet());
        entries.sort(java.util.Comparator.<Map.Entry<String, ConfigValue>>comparingInt(
                e -> e.getValue().origin().lineNumber()).thenComparing(Map.Entry::getKey));
        return entries;
    }

    private static Config objectOrEmpty(Config config, String path, String file) {
        if (!config.hasPath(path)) {
            return ConfigFactory.empty();
        }
        ConfigValue v = config.getValue(path);
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw new ConfigProblem(where(v.origin(), file), path, "expected a block { ... }");
        }
        return config.getConfig(path);
    }

    static String where(ConfigOrigin origin, String file) {
        if (origin == null) {
            return file;
        }
        String name = origin.filename() != null ? origin.filename() : file;
        return origin.lineNumber() > 0 ? name + ":" + origin.lineNumber() : name;
    }

    /** Typesafe Config prefixes its messages with the origin, which we print separately. */
    private static String stripOrigin(ConfigException e) {
        String m = e.getMessage();
        int cut = m.indexOf(": ");
        if (e.origin() != null && cut > 0 && m.startsWith(e.origin().description())) {
            return m.substring(e.origin().description().length() + 2);
        }
        return m;
    }
}
