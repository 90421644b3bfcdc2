import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Removes from a jar every native library built for another platform: entries named
 * {@code <prefix>_<os>_<arch>} other than the kept suffix. The DuckDB JDBC jar carries
 * Linux, macOS and Windows builds (240 MB unpacked); the linux-x64 distribution needs one.
 * Usage: java KeepNatives.java JAR PREFIX KEEP_SUFFIX   (run by dist/pom.xml)
 */
public class KeepNatives {
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        String prefix = args[1];
        String keep = args[2];
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            List<Path> natives;
            try (Stream<Path> entries = Files.list(zip.getPath("/"))) {
                natives = entries.filter(p -> p.getFileName().toString().startsWith(prefix + "_")).toList();
            }
            if (natives.stream().noneMatch(p -> p.getFileName().toString().equals(prefix + "_" + keep))) {
                throw new IllegalStateException(jar + " has no " + prefix + "_" + keep + "; found " + natives);
            }
            for (Path p : natives) {
                if (!p.getFileName().toString().equals(prefix + "_" + keep)) {
                    Files.delete(p);  // quietly: a build step that works prints nothing
                }
            }
        }
    }
}
