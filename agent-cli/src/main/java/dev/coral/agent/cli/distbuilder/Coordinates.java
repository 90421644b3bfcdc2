package dev.coral.agent.cli.distbuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maven coordinates {@code group:artifact:version[:extension[:classifier]]}, checked against
 * Maven's id characters. Each part becomes a path segment (the group one per dot), so a part
 * such as {@code ..} or {@code a/b} would name a file outside the repository or the output:
 * such coordinates are refused here, before anything is fetched or written.
 *
 * @param extension empty: try the plugin zip ({@code zip:plugin}), then a zip, then a jar
 */
public record Coordinates(String group, String artifact, String version, Optional<String> extension,
        Optional<String> classifier) {
    /** Maven's id characters; a part starts with a letter, digit or '_' so it is never "." or "..". */
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    /** Parses and checks; the message of what it throws says which part is wrong and why. */
    public static Coordinates parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 3 || parts.length > 5) {
            throw new IllegalArgumentException("'" + text + "' is not group:artifact:version[:extension[:classifier]]");
        }
        check(text, "groupId", parts[0], GROUP);
        check(text, "artifactId", parts[1], PART);
        check(text, "version", parts[2], PART);
        Optional<String> extension = Optional.empty();
        Optional<String> classifier = Optional.empty();
        if (parts.length >= 4) {
            extension = Optional.of(check(text, "extension", parts[3], PART));
        }
        if (parts.length == 5) {
            classifier = Optional.of(check(text, "classifier", parts[4], PART));
        }
        return new Coordinates(parts[0], parts[1], parts[2], extension, classifier);
    }

    private static String check(String text, String name, String value, Pattern allowed) {
        if (!allowed.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + text + "': " + name + " '" + value + "' may hold only letters, "
                    + "digits, '_', '-' and '.' (not first" + (name.equals("groupId") ? ", last or twice in a row" : "")
                    + "), so that it stays one path segment");
        }
        return value;
    }

    /** The artifact's directory in a repository, e.g. {@code com/example/x/1.0.0}. */
    public String directory() {
        return group.replace('.', '/') + "/" + artifact + "/" + version;
    }

    public boolean isSnapshot() {
        return version.endsWith("-SNAPSHOT");
    }

    /** The file names to look for, in order. */
    public List<String> candidateFileNames() {
        String base = artifact + "-" + version;
        List<String> names = new ArrayList<>();
        if (extension.isEmpty()) {
            names.add(base + "-plugin.zip");
            names.add(base + ".zip");
            names.add(base + ".jar");
        } else {
            names.add(base + classifier.map(c -> "-" + c).orElse("") + "." + extension.get());
        }
        return names;
    }

    @Override
    public String toString() {
        return group + ":" + artifact + ":" + version + extension.map(e -> ":" + e).orElse("")
                + classifier.map(c -> ":" + c).orElse("");
    }
}
