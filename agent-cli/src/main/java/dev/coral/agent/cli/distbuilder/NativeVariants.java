package dev.coral.agent.cli.distbuilder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Trims jars that carry one native library per platform (DuckDB's JDBC driver holds
 * {@code libduckdb_java.so_linux_amd64}, {@code _linux_arm64}, {@code _macos_arm64},
 * {@code _windows_amd64}: 240 MB unpacked) down to the platform a self-contained distribution's
 * runtime is built for. A library without a variant for that platform is left whole.
 */
final class NativeVariants {
    private static final Pattern VARIANT = Pattern.compile("(.+)_(linux|macos|osx|windows)_(amd64|arm64|aarch64|x86_64|universal)");

    private NativeVariants() {}

    /**
     * The platform of a jlink runtime, as the variants name it ({@code linux_amd64}), from its
     * {@code release} file; empty when it does not say.
     */
    static Optional<String> platformOf(Path runtime) throws IOException {
        Path release = runtime.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        String os = null;
        String arch = null;
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("OS_NAME=")) {
                os = unquote(line).toLowerCase(java.util.Locale.ROOT);
            } else if (line.startsWith("OS_ARCH=")) {
                arch = unquote(line);
            }
        }
        if (os == null || arch == null) {
            return Optional.empty();
        }
        String osWord = os.startsWith("linux") ? "linux" : os.startsWith("mac") || os.startsWith("darwin") ? "macos"
                : os.startsWith("windows") ? "windows" : os;
        String archWord = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return Optional.of(osWord + "_" + archWord);
    }

    /** Removes from {@code jar} the native variants of other platforms; returns the entries removed. */
    static List<String> keepOnly(Path jar, String platform) throws IOException {
        List<String> removed = new ArrayList<>();
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            List<Path> entries;
            try (Stream<Path> top = Files.list(zip.getPath("/"))) {
                entries = top.toList();
            }
            for (Path entry : entries) {
                Matcher m = VARIANT.matcher(entry.getFileName().toString());
                if (!m.matches() || (m.group(2) + "_" + m.group(3)).equals(platform)) {
                    continue;
                }
                // Only a library that has a variant for the platform loses its others.
                if (Files.exists(zip.getPath("/", m.group(1) + "_" + platform))) {
                    Files.delete(entry);
                    removed.add(entry.getFileName().toString());
                }
            }
        }
        return removed;
    }

    private static String unquote(String line) {
        return line.substring(line.indexOf('=') + 1).strip().replace("\"", "");
    }
}
