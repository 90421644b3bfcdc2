package dev.coral.agent.plugin.staticfilter.config;

import com.typesafe.config.ConfigUtil;
import dev.coral.agent.api.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the processor's block of {@code pipelines.conf} over the defaults and checks every
 * value, so each mistake is reported with file, line and key before anything starts. Keys it
 * does not read stay unread, and the runtime reports them as unknown settings.
 */
public final class StaticFilterConfigReader {
    static final String ALWAYS_CAPTURE_ERRORS = "always-capture-errors";
    static final String HIGH_LATENCY_THRESHOLD_MS = "high-latency-threshold-ms";
    static final String SAMPLE_RATE = "sample-rate";
    static final String SERVICES = "services";

    private StaticFilterConfigReader() {}

    public static StaticFilterConfig read(Settings settings, StaticFilterConfig defaults) {
        FilterRules rules = readRules(settings, defaults.rules());
        Map<String, FilterRules> services = new LinkedHashMap<>(defaults.services());
        Settings block = settings.section(SERVICES);
        for (String service : block.keys()) {
            // Quoted, so that a name such as "api.v2" is one key and not a path.
            services.put(service, readRules(block.section(ConfigUtil.joinPath(service)), rules));
        }
        return new StaticFilterConfig(rules, services);
    }

    /** The three rules from {@code s}; each one not set there is taken from {@code inherited}. */
    private static FilterRules readRules(Settings s, FilterRules inherited) {
        boolean errors = s.flag(ALWAYS_CAPTURE_ERRORS, inherited.alwaysCaptureErrors());
        double threshold = s.number(HIGH_LATENCY_THRESHOLD_MS, inherited.highLatencyThresholdMs(), t -> t >= 0,
                "a number of milliseconds of 0 or more");
        double rate = s.number(SAMPLE_RATE, inherited.sampleRate(), r -> r >= 0 && r <= 1, "a number from 0.0 to 1.0");
        return new FilterRules(errors, threshold, rate);
    }
}
