package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Moves packed names that have no file of their own to be read back from ({@code /proc/kallsyms}
 * is generated on each read, and a pass over it costs ~50 ms of CPU) out of the heap: written
 * once to a temp file deleted at once (the open descriptor keeps it) and read back on demand
 * with {@link FileNames}, the references unchanged. So ~3 MB of kernel symbol names sit in the
 * page cache, which the kernel may drop, not in the agent's heap for its life.
 */
final class SpilledNames {
    private SpilledNames() {
    }

    /** @return the same names read from a temp file, or {@code names} itself when none can be written */
    static SymbolNames of(PackedNames names) {
        Path path;
        try {
            path = Files.createTempFile("coral-names-", ".bin");
        } catch (IOException | RuntimeException e) {
            return names;
        }
        RandomAccessFile file = null;
        try {
            file = new RandomAccessFile(path.toFile(), "rw");
            names.writeTo(file);
            return new FileNames(file, file.length(), new long[0], new byte[0][]);
        } catch (IOException | RuntimeException e) {
            closeQuietly(file);
            return names;
        } finally {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a leftover temp file of a few MB; the names are served either way
            }
        }
    }

    private static void closeQuietly(RandomAccessFile file) {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // released either way
            }
        }
    }
}
