package dev.coral.agent.runtime.plugins;

import dev.coral.agent.api.Signal;

/**
 * The version of plugin-api this agent offers, which a plugin's {@code plugin.requires} (a
 * SemVer expression such as {@code >=0.1.0}) is checked against. Read from plugin-api's jar
 * manifest; where the API is not a jar (a build's classes directory), the agent's own version,
 * with which it is released.
 */
public final class PluginApiVersion {
    private PluginApiVersion() {}

    /** Without a {@code -SNAPSHOT} suffix, which SemVer would order before the release. */
    public static String current(String agentVersion) {
        String manifest = Signal.class.getPackage().getImplementationVersion();
        String version = manifest != null && !manifest.isBlank() ? manifest : agentVersion;
        return version.replace("-SNAPSHOT", "");
    }
}
