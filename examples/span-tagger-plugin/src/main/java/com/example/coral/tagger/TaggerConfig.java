package com.example.coral.tagger;

import dev.coral.agent.api.config.Settings;
import java.util.Map;

/** The attributes to add to every span. */
public record TaggerConfig(Map<String, String> attributes) {
    public static TaggerConfig defaults() {
        return new TaggerConfig(Map.of("tagged.by", "span-tagger"));
    }

    /** Reads {@code attributes { key = value, ... }} over the defaults. */
    public static TaggerConfig read(Settings settings, TaggerConfig defaults) {
        Map<String, String> attributes = settings.stringMap("attributes");
        if (settings.has("attributes") && attributes.isEmpty()) {
            settings.reject("attributes", "at least one attribute, e.g. attributes { env = prod }");
        }
        return attributes.isEmpty() ? defaults : new TaggerConfig(attributes);
    }
}
