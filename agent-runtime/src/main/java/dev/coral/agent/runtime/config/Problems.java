package dev.coral.agent.runtime.config;

import dev.coral.agent.api.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;

/** Collects config problems so that one run reports all of them, not just the first. */
public final class Problems {
    private final List<ConfigProblem> problems = new ArrayList<>();

    public void add(ConfigProblem problem) {
        problems.add(problem);
    }

    public void add(String location, String key, String message) {
        problems.add(new ConfigProblem(location, key, message));
    }

    /** Runs {@code step}, recording the problem it throws instead of stopping. */
    public void collect(Runnable step) {
        try {
            step.run();
        } catch (ConfigProblem p) {
            problems.add(p);
        }
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Throws every problem collected, in file and line order. */
    public void throwIfAny() throws InvalidConfigException {
        if (!problems.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(problems);
            sorted.sort(java.util.Comparator.comparing(Problems::file).thenComparingInt(Problems::line));
            throw new InvalidConfigException(sorted);
        }
    }

    private static String file(ConfigProblem p) {
        int colon = p.location().lastIndexOf(':');
        return colon > 0 && line(p) > 0 ? p.location().substring(0, colon) : p.location();
    }

    private static int line(ConfigProblem p) {
        int colon = p.location().lastIndexOf(':');
        try {
            return colon > 0 ? Integer.parseInt(p.location().substring(colon + 1)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
