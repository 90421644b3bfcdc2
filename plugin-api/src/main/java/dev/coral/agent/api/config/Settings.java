package dev.coral.agent.api.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * One component's block of {@code pipelines.conf}, read with typed getters that take the
 * default from the factory's default config. A wrong type, a value outside a getter's rule, or
 * a value a reader rejects with {@link #reject} becomes a {@link ConfigProblem} naming file,
 * line and full key; the getter then returns the default, so reading goes on and one run
 * reports every mistake ({@link #problems}). Keys that are never read are unknown keys: the
 * runtime reports them too, so a typo never passes silently.
 *
 * @since 0.1.0
 */
public final class Settings {
    private final Config config;
    private final String path;
    private final String file;
    private final Set<String> read;
    private final List<ConfigProblem> problems;

    private Settings(Config config, String path, String file, Set<String> read, List<ConfigProblem> problems) {
        this.config = config;
        this.path = path;
        this.file = file;
        this.read = read;
        this.problems = problems;
    }

    /**
     * Wraps a block.
     *
     * @param config the block's content (empty when the component has no block)
     * @param path the block's full path in the file, e.g. {@code processors."static-filter"}
     * @param file the file's name, for problems about absent keys
     */
    public static Settings of(Config config, String path, String file) {
        return new Settings(config, path, file, new LinkedHashSet<>(), new ArrayList<>());
    }

    /** Settings with nothing set: every getter returns its default. */
    public static Settings empty(String path) {
        return of(ConfigFactory.empty(), path, "");
    }

    public boolean has(String key) {
        return config.hasPath(key);
    }

    public String string(String key, String def) {
        return get(key, def, ConfigValueType.STRING, "a string", config::getString);
    }

    public int integer(String key, int def) {
        return get(key, def, ConfigValueType.NUMBER, "an integer", config::getInt);
    }

    public long longValue(String key, long def) {
        return get(key, def, ConfigValueType.NUMBER, "an integer", config::getLong);
    }

    public double number(String key, double def) {
        return get(key, def, ConfigValueType.NUMBER, "a number", config::getDouble);
    }

    public boolean flag(String key, boolean def) {
        return get(key, def, ConfigValueType.BOOLEAN, "true or false", config::getBoolean);
    }

    /** A duration such as {@code 15s}, {@code 500ms}, {@code 1h} (a bare number is milliseconds). */
    public Duration duration(String key, Duration def) {
        return get(key, def, null, "a duration such as 15s, 500ms or 1h", config::getDuration);
    }

    /** A size in bytes such as {@code 4MiB} or {@code 512k} (a bare number is bytes). */
    public long bytes(String key, long def) {
        return get(key, def, null, "a size such as 4MiB or 512kB", config::getBytes);
    }

    /** A string that {@code rule} accepts; else the problem is recorded and {@code def} returned. */
    public String string(String key, String def, Predicate<String> rule, String expected) {
        return checked(key, string(key, def), def, rule, expected);
    }

    /** An integer that {@code rule} accepts; else the problem is recorded and {@code def} returned. */
    public int integer(String key, int def, IntPredicate rule, String expected) {
        return checked(key, integer(key, def), def, rule::test, expected);
    }

    /** A number that {@code rule} accepts; else the problem is recorded and {@code def} returned. */
    public double number(String key, double def, DoublePredicate rule, String expected) {
        return checked(key, number(key, def), def, rule::test, expected);
    }

    /** A duration that {@code rule} accepts; else the problem is recorded and {@code def} returned. */
    public Duration duration(String key, Duration def, Predicate<Duration> rule, String expected) {
        return checked(key, duration(key, def), def, rule, expected);
    }

    /** A size that {@code rule} accepts; else the problem is recorded and {@code def} returned. */
    public long bytes(String key, long def, LongPredicate rule, String expected) {
        return checked(key, bytes(key, def), def, rule::test, expected);
    }

    private <V> V checked(String key, V value, V def, Predicate<V> rule, String expected) {
        if (config.hasPath(key) && !rule.test(value)) {
            reject(key, expected);
            return def;
        }
        return value;
    }

    /** A list of strings; a single string is taken as a list of one. */
    public List<String> strings(String key, List<String> def) {
        if (!config.hasPath(key)) {
            markRead(key);
            return def;
        }
        ConfigValue v = config.getValue(key);
        if (v.valueType() == ConfigValueType.STRING) {
            markRead(key);
            return List.of((String) v.unwrapped());
        }
        return get(key, def, ConfigValueType.LIST, "a list of strings", config::getStringList);
    }

    /** An object of string values, e.g. per-service labels. */
    public Map<String, String> stringMap(String key) {
        markRead(key);
        if (!config.hasPath(key)) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        Config block = objectAt(key);
        if (block != null) {
            flattenInto(out, "", block.root(), key);
        }
        return out;
    }

    /**
     * HOCON reads {@code deployment.environment = prod} as a nested block; attribute names carry
     * dots, so nested blocks flatten back to dotted keys. Lists have no such reading.
     */
    private void flattenInto(Map<String, String> out, String prefix, ConfigObject object, String key) {
        for (var e : object.entrySet()) {
            String name = prefix + e.getKey();
            ConfigValue value = e.getValue();
            if (value.valueType() == ConfigValueType.OBJECT) {
                flattenInto(out, name + ".", (ConfigObject) value, key);
            } else if (value.valueType() == ConfigValueType.LIST) {
                problems.add(problemAt(value.origin(), key + "." + quote(name),
                        "expected a string value, got " + describe(value)));
            } else {
                out.put(name, String.valueOf(value.unwrapped()));
            }
        }
    }

    /**
     * A nested block; empty settings when absent (or not a block, which is recorded). Keys read
     * through it count as read here; problems found through it are this block's problems.
     */
    public Settings section(String key) {
        Config block = config.hasPath(key) ? objectAt(key) : null;
        if (block == null) {
            markRead(key);
            return new Settings(ConfigFactory.empty(), join(key), file, new LinkedHashSet<>(), problems);
        }
        return new Settings(block, join(key), file, new SectionTracker(read, key), problems);
    }

    /**
     * A list of blocks, e.g. {@code services = [ { name = "a" }, { name = "b" } ]}: each element
     * reads as a section whose path is {@code key[i]}, with its problems recorded here. Keys of
     * an element that no getter read are not seen by the runtime's unknown-key check (a list is
     * one value to it): check them with {@link #unreadKeys} on each element.
     */
    public List<Settings> sectionList(String key) {
        markRead(key);
        if (!config.hasPath(key)) {
            return List.of();
        }
        ConfigValue v = config.getValue(key);
        if (v.valueType() != ConfigValueType.LIST) {
            reject(key, "a list of blocks [{ ... }]");
            return List.of();
        }
        List<Settings> out = new ArrayList<>();
        int i = 0;
        for (ConfigValue element : config.getList(key)) {
            String elementPath = join(key) + "[" + i++ + "]";
            if (element.valueType() != ConfigValueType.OBJECT) {
                problems.add(new ConfigProblem(location(element.origin()), elementPath,
                        "expected a block { ... }, got " + describe(element)));
                continue;
            }
            out.add(new Settings(((ConfigObject) element).toConfig(), elementPath, file, new LinkedHashSet<>(),
                    problems));
        }
        return out;
    }

    /** The names of this block's direct children, in file order is not guaranteed. */
    public Set<String> keys() {
        return new TreeSet<>(config.root().keySet());
    }

    /** The block's full path in the file. */
    public String path() {
        return path;
    }

    /**
     * Records a problem with the value at {@code key} ("file:line: full.key: expected ..., got
     * ..."), or with the block itself when {@code key} is empty. The reader goes on with the
     * default, so every mistake of the file is reported in one run.
     */
    public void reject(String key, String expected) {
        if (!key.isEmpty() && config.hasPath(key)) {
            ConfigValue v = config.getValue(key);
            problems.add(problemAt(v.origin(), key, "expected " + expected + ", got " + describe(v)));
        } else {
            String location = key.isEmpty() && config.root().origin().lineNumber() > 0
                    ? location(config.root().origin()) : file;
            problems.add(new ConfigProblem(location, key.isEmpty() ? path : join(key), "expected " + expected));
        }
    }

    /**
     * The problem with the value at {@code key}, for a reader that cannot go on without it:
     * throw what it returns. Its other problems then go unreported until this one is fixed, so
     * prefer {@link #reject} where a default lets reading go on.
     */
    public ConfigProblem invalid(String key, String expected) {
        if (config.hasPath(key)) {
            ConfigValue v = config.getValue(key);
            return problemAt(v.origin(), key, "expected " + expected + ", got " + describe(v));
        }
        return new ConfigProblem(file, join(key), "expected " + expected);
    }

    /** Records a problem found some other way (e.g. thrown by a reader). */
    public void record(ConfigProblem problem) {
        problems.add(problem);
    }

    /** Every problem recorded so far in this block and its sections, in the order found. */
    public List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    /** Leaf keys present in the block that no getter read, as full paths. */
    public List<String> unreadKeys() {
        List<String> out = new ArrayList<>();
        for (var e : config.entrySet()) {
            if (!isRead(e.getKey())) {
                out.add(e.getKey());
            }
        }
        out.sort(null);
        return out;
    }

    /** The file and line where {@code key} is set, or the file when it is not set. */
    public String locationOf(String key) {
        return config.hasPath(key) ? location(config.getValue(key).origin()) : file;
    }

    private <V> V get(String key, V def, ConfigValueType expectedType, String expected, Function<String, V> getter) {
        markRead(key);
        if (!config.hasPath(key)) {
            return def;
        }
        ConfigValue v = config.getValue(key);
        if (expectedType != null && v.valueType() != expectedType
                && !(expectedType == ConfigValueType.NUMBER && v.valueType() == ConfigValueType.STRING)
                && !(expectedType == ConfigValueType.BOOLEAN && v.valueType() == ConfigValueType.STRING)) {
            reject(key, expected);
            return def;
        }
        try {
            return getter.apply(key);
        } catch (ConfigException e) {
            reject(key, expected);
            return def;
        }
    }

    /** The block at {@code key}, or null (recorded as a problem) when it is not a block. */
    private Config objectAt(String key) {
        ConfigValue v = config.getValue(key);
        if (v.valueType() != ConfigValueType.OBJECT) {
            reject(key, "a block { ... }");
            return null;
        }
        return config.getConfig(key);
    }

    private ConfigProblem problemAt(ConfigOrigin origin, String key, String message) {
        return new ConfigProblem(location(origin), join(key), message);
    }

    private String location(ConfigOrigin origin) {
        String name = origin.filename() != null ? origin.filename() : file;
        if (name == null || name.isEmpty()) {
            name = origin.description();
        }
        return origin.lineNumber() > 0 ? name + ":" + origin.lineNumber() : name;
    }

    private static String describe(ConfigValue v) {
        return switch (v.valueType()) {
            case STRING -> "\"" + v.unwrapped() + "\"";
            case OBJECT -> "a block";
            case LIST -> "a list";
            case NULL -> "null";
            default -> String.valueOf(v.unwrapped());
        };
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String quote(String key) {
        return ConfigUtil.joinPath(key);
    }

    private void markRead(String key) {
        read.add(key);
    }

    private boolean isRead(String leaf) {
        for (String r : read) {
            if (leaf.equals(r) || leaf.startsWith(r + ".")) {
                return true;
            }
        }
        return false;
    }

    /** Records a nested block's reads in its parent's terms. */
    private static final class SectionTracker extends LinkedHashSet<String> {
        private static final long serialVersionUID = 1L;
        private final transient Set<String> parent;
        private final String prefix;

        SectionTracker(Set<String> parent, String prefix) {
            this.parent = parent;
            this.prefix = prefix;
        }

        @Override
        public boolean add(String key) {
            parent.add(prefix + "." + key);
            return super.add(key);
        }
    }
}
