package dev.coral.agent.api.profile;

import java.util.Map;
import java.util.Objects;

/**
 * A binary (executable or shared library) whose code a profile's frames ran, named by its build
 * id. The same build id is the same file content wherever it is mapped; two build ids with one
 * path are two builds of one program (a deploy).
 *
 * @param buildId the GNU build id as lowercase hex, or a hash of the file when it has none
 * @param path the file's path as the process saw it
 * @param name the file name (the path's last element)
 * @param size the file's size in bytes, or -1 when unknown
 * @param attributes anything else known of it (e.g. {@code arch}), possibly empty
 *
 * @since 0.1.0
 */
public record ProfileBinary(String buildId, String path, String name, long size, Map<String, String> attributes) {
    public ProfileBinary {
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        attributes = Map.copyOf(attributes);
    }

    /** A binary known by its path, its name taken from the path's last element. */
    public static ProfileBinary of(String buildId, String path, long size) {
        return new ProfileBinary(buildId, path, path.substring(path.lastIndexOf('/') + 1), size, Map.of());
    }
}
