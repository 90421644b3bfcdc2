import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Takes the native libraries out of a driver jar: entries named {@code <prefix>_<os>_<arch>}
 * leave the jar, and those of the kept platforms are written beside it as files of the same name.
 *
 * <p>The DuckDB JDBC driver copies its library from the jar into a new temporary file on every
 * start (71 MB, never deleted after a kill), and loads it from the jar's directory when the jar
 * has none. A library beside the jar is loaded in place: nothing is copied, nothing is left in
 * /tmp, and the jar carries no platform the distribution does not run on.
 * Usage: java SplitNatives.java JAR PREFIX KEEP_SUFFIX...   (run by dist/pom.xml)
 */
public class SplitNatives {
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        String prefix = args[1];
        Set<String> keep = Set.copyOf(List.of(args).subList(2, args.length));
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            List<Path> natives;
            try (Stream<Path> entries = Files.list(zip.getPath("/"))) {
                natives = entries.filter(p -> p.getFileName().toString().startsWith(prefix + "_")).toList();
            }
            for (String suffix : keep) {
                if (natives.stream().noneMatch(p -> p.getFileName().toString().equals(prefix + "_" + suffix))) {
                    throw new IllegalStateException(jar + " has no " + prefix + "_" + suffix + "; found " + natives);
                }
            }
            for (Path p : natives) {
                String name = p.getFileName().toString();
                if (keep.contains(name.substring(prefix.length() + 1))) {
                    Files.copy(p, jar.resolveSibling(name), StandardCopyOption.REPLACE_EXISTING);
                }
                Files.delete(p);  // quietly: a build step that works prints nothing
            }
        }
    }
}
