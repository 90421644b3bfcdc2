package dev.coral.agent.api.config;

/**
 * A configuration mistake a person can act on: where it is (file and line), which key, and
 * what was expected. The runtime prints {@link #getMessage()} as one line and exits with code 2.
 *
 * @since 0.1.0
 */
public final class ConfigProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String location;
    private final String key;
    private final String problem;

    /**
     * @param location "file:line", or just the file when the key is absent, or empty
     * @param key the full key path, e.g. {@code processors.static-filter.sample-rate}, or empty
     * @param problem what is wrong and what was expected
     */
    public ConfigProblem(String location, String key, String problem) {
        super(format(location, key, problem));
        this.location = location;
        this.key = key;
        this.problem = problem;
    }

    private static String format(String location, String key, String problem) {
        StringBuilder sb = new StringBuilder();
        if (!location.isEmpty()) {
            sb.append(location).append(": ");
        }
        if (!key.isEmpty()) {
            sb.append(key).append(": ");
        }
        return sb.append(problem).toString();
    }

    public String location() {
        return location;
    }

    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }
}
