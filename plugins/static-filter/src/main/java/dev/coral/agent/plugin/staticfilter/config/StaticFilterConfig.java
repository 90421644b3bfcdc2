package dev.coral.agent.plugin.staticfilter.config;

import java.util.Map;

/**
 * The static filter's configuration: the rules for every span, and optional per-service rules
 * chosen by the resource attribute {@code service.name}.
 *
 * @param rules the rules for spans of services without an override
 * @param services complete rules per service name (unset settings were inherited from {@code rules})
 */
public record StaticFilterConfig(FilterRules rules, Map<String, FilterRules> services) {
    public StaticFilterConfig {
        services = Map.copyOf(services);
    }

    public static StaticFilterConfig defaults() {
        return new StaticFilterConfig(FilterRules.DEFAULTS, Map.of());
    }
}
