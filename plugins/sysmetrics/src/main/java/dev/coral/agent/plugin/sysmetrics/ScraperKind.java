package dev.coral.agent.plugin.sysmetrics;

import java.util.Locale;

/** The scrapers, named as in the {@code scrapers} block of the receiver's settings. */
public enum ScraperKind {
    CPU, MEMORY, DISK, FILESYSTEM, NETWORK, LOAD;

    /** The setting's key: {@code cpu}, {@code memory}... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
