package dev.coral.agent.testkit;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.coral.agent.api.ComponentFactory;
import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.api.config.Settings;
import java.util.List;

/**
 * Reads a component's settings the way the runtime does (defaults, the plugin's reader, unknown
 * keys), for tests of a plugin's configuration. Problems carry the file name {@value #FILE}.
 */
public final class TestConfigs {
    /** The file name problems name. */
    public static final String FILE = "test.conf";

    private TestConfigs() {}

    /** The block as {@code pipelines.conf} would give it to a component of {@code factory}'s kind and type. */
    public static Settings settings(ComponentFactory<?> factory, String hocon) {
        return Settings.of(ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription(FILE)),
                factory.kind().section() + "." + factory.type(), FILE);
    }

    /**
     * The typed config read from {@code hocon}.
     *
     * @throws ConfigProblem the first problem found, the others attached as suppressed
     */
    public static <C> C read(ComponentFactory<C> factory, String hocon) {
        return read(factory, settings(factory, hocon));
    }

    /** As {@link #read(ComponentFactory, String)}, from settings made elsewhere. */
    public static <C> C read(ComponentFactory<C> factory, Settings settings) {
        C config = factory.readConfig(settings);
        List<ConfigProblem> problems = settings.problems();
        if (!problems.isEmpty()) {
            ConfigProblem first = problems.getFirst();
            problems.subList(1, problems.size()).forEach(first::addSuppressed);
            throw first;
        }
        return config;
    }

    /** Every problem in {@code hocon}, as one-line messages, in the order found. */
    public static List<String> problems(ComponentFactory<?> factory, String hocon) {
        Settings settings = settings(factory, hocon);
        factory.readConfig(settings);
        return settings.problems().stream().map(ConfigProblem::getMessage).toList();
    }
}
