package dev.coral.agent.server.transport;

import java.util.Locale;
import java.util.Optional;

/**
 * Refuses request paths that try to step outside a route: dot segments, empty segments
 * (absolute paths after a prefix), backslashes, and anything percent-encoded that could hide
 * one of those ({@code %2e}, {@code %2f}, {@code %5c}, {@code %00}). Checked on the raw path as
 * the client sent it, before any decoding or normalisation could turn a trick into a harmless
 * looking name.
 */
public final class PathGuard {
    private PathGuard() {}

    /** Why the raw path is refused, or empty when it is plain. */
    public static Optional<String> problem(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return Optional.of("path must start with /");
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        for (String encoded : new String[] {"%2e", "%2f", "%5c", "%00", "%25"}) {
            if (lower.contains(encoded)) {
                return Optional.of("encoded '" + encoded + "' is not allowed in a path");
            }
        }
        if (rawPath.indexOf('\\') >= 0 || rawPath.indexOf('\0') >= 0) {
            return Optional.of("backslashes are not allowed in a path");
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.equals(".") || s.equals("..")) {
                return Optional.of("dot segments are not allowed in a path");
            }
            if (s.isEmpty() && i < segments.length - 1) {
                return Optional.of("empty segments ('//') are not allowed in a path");
            }
        }
        return Optional.empty();
    }
}
