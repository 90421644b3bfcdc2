package dev.coral.agent.plugin.otlpexporter.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Naming, listing and fsync of the queue's segment files {@code segment-<id>.log}. */
final class Segments {
    private static final Pattern NAME = Pattern.compile("segment-(\\d{20})\\.log");

    private Segments() {}

    static Path path(Path dir, long id) {
        return dir.resolve(String.format("segment-%020d.log", id));
    }

    /** The ids of the segments in {@code dir}, ascending. */
    static List<Long> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> NAME.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1)))
                    .sorted()
                    .toList();
        }
    }

    /** Makes a new file's directory entry durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // Some file systems refuse to open a directory; the data file itself is fsynced.
        }
    }
}
