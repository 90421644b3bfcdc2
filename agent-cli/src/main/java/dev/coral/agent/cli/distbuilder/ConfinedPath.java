package dev.coral.agent.cli.distbuilder;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Resolves a name that came from outside (a coordinate, a zip entry) under a directory, and
 * refuses it when it would land anywhere else ({@code ..}, an absolute path).
 */
final class ConfinedPath {
    private ConfinedPath() {}

    /**
     * @param what what the name is, for the message (e.g. "zip entry")
     * @throws IOException when {@code name} resolves outside {@code root}
     */
    static Path resolve(Path root, String name, String what) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        Path resolved = base.resolve(name).normalize();
        if (!resolved.startsWith(base)) {
            throw new IOException(what + " " + name + " escapes " + base);
        }
        return resolved;
    }
}
