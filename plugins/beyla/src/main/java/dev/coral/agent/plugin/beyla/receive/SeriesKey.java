package dev.coral.agent.plugin.beyla.receive;

import java.util.Map;

/**
 * What identifies one cumulative series: the metric, its resource and its point's attributes
 * (compared as maps, so the order they were sent in does not matter).
 */
record SeriesKey(String metric, Map<String, String> resource, Map<String, String> attributes) {
    SeriesKey {
        resource = Map.copyOf(resource);
        attributes = Map.copyOf(attributes);
    }
}
