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

    public void throwIfAny() throws InvalidConfigException {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }
}
