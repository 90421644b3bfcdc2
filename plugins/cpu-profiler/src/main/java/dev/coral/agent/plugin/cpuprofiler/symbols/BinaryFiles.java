package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds and reads the ELF file behind a file mapping of a process, with caches: files by
 * identity (path, inode, size, mtime), so a library mapped by many processes is read once, and
 * symbol tables by build id, so identical files in several containers share one table.
 * Not thread-safe.
 */
final class BinaryFiles {
    private final Path proc;
    private final Map<FileKey, Optional<Binary>> byFile = new HashMap<>();
    private final Map<String, SymbolTable> symbolsByBuildId = new HashMap<>();
    /** Cycles since a build id was last in use; a table is kept for {@link #KEEP_UNUSED_CYCLES} of them. */
    private final Map<String, Integer> unusedCycles = new HashMap<>();
    /** What each process's mappings resolved to: a frame costs no file system call once its mapping was seen. */
    private final Map<Integer, Map<MemoryMapping, Optional<Binary>>> byPid = new HashMap<>();

    /** Where separate debug files live on the host ({@code /usr/lib/debug}); also looked for inside each process's root. */
    private final Path debugRoot;

    BinaryFiles(Path proc, Path debugRoot) {
        this.proc = proc;
        this.debugRoot = debugRoot;
    }

    /** @return the binary mapped by the process, or empty when no readable ELF file matches the mapping */
    Optional<Binary> binaryOf(int pid, MemoryMapping mapping) {
        return byPid.computeIfAbsent(pid, p -> new HashMap<>()).computeIfAbsent(mapping, m -> locate(pid, m));
    }

    /** Drops what a process's mappings resolved to (it exited, or its pid was reused). */
    void forget(int pid) {
        byPid.remove(pid);
    }

    private Optional<Binary> locate(int pid, MemoryMapping mapping) {
        Path pidDir = proc.resolve(Integer.toString(pid));
        String relative = mapping.path().substring(1);
        // Through the process's root first, so a container's files are the ones read. A candidate
        // must be the very inode mapped: a path outside the container, or a file replaced since
        // (an upgrade), would give wrong names.
        for (Path candidate : new Path[] {pidDir.resolve("root").resolve(relative), Path.of(mapping.path())}) {
            Optional<FileKey> key = keyOf(candidate, mapping.path());
            if (key.isPresent() && key.get().inode() == mapping.inode()) {
                return read(pid, candidate, key.get());
            }
        }
        // map_files is the mapped file itself (also when deleted or in another mount namespace),
        // readable with CAP_SYS_ADMIN; overlay file systems may show other inodes in maps.
        Path mapped = pidDir.resolve("map_files").resolve(Long.toHexString(mapping.start()) + "-" + Long.toHexString(mapping.end()));
        return keyOf(mapped, mapping.path()).flatMap(key -> read(pid, mapped, key));
    }

    /**
     * Short-lived processes of one program (compilers, cron jobs, CLI tools) come again and again:
     * their symbol tables stay this many cycles after their last process is gone, so each new
     * process costs a file identity check, not a symbol table read.
     */
    static final int KEEP_UNUSED_CYCLES = 8;

    /**
     * Once per cycle: drops files and symbol tables whose build id has not been in {@code inUse}
     * for {@link #KEEP_UNUSED_CYCLES} cycles.
     */
    void retainBuildIds(Set<String> inUse) {
        for (String id : symbolsByBuildId.keySet()) {
            unusedCycles.merge(id, 1, Integer::sum);
        }
        inUse.forEach(id -> unusedCycles.put(id, 0));
        unusedCycles.values().removeIf(cycles -> cycles > KEEP_UNUSED_CYCLES);
        Set<String> keep = unusedCycles.keySet();
        byFile.values().removeIf(binary -> binary.isEmpty() || !keep.contains(binary.get().buildId()));
        symbolsByBuildId.entrySet().removeIf(entry -> {
            if (keep.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().close(); // its file's descriptor: no process uses the binary any more
            return true;
        });
    }

    /** The build ids whose symbol tables are in memory. */
    Set<String> cachedBuildIds() {
        return Set.copyOf(symbolsByBuildId.keySet());
    }

    private Optional<Binary> read(int pid, Path file, FileKey key) {
        return byFile.computeIfAbsent(key, k -> {
            try {
                // A table already read for this build id is shared, and the file's own is not parsed again.
                Binary binary = Binary.read(file, symbolsByBuildId::get, buildId -> debugSymbols(pid, buildId));
                symbolsByBuildId.putIfAbsent(binary.buildId(), binary.symbols());
                unusedCycles.putIfAbsent(binary.buildId(), 0);
                return Optional.of(binary);
            } catch (IOException | ElfFormatException | RuntimeException e) {
                return Optional.empty(); // not ELF, unreadable or truncated: frames show [binary+0x...]
            } catch (InternalError e) {
                // The JDK's report of SIGBUS on a mapped file truncated while we read it.
                return Optional.empty();
            }
        });
    }

    /**
     * @return the function symbols of the debug file {@code .build-id/xx/rest.debug} for the build id,
     *         inside the process's root first, then on the host; only a file carrying the same build id counts
     */
    private Optional<SymbolTable> debugSymbols(int pid, String buildId) {
        if (buildId.length() < 3) {
            return Optional.empty();
        }
        String relative = ".build-id/" + buildId.substring(0, 2) + "/" + buildId.substring(2) + ".debug";
        Path inRoot = proc.resolve(Integer.toString(pid)).resolve("root/usr/lib/debug").resolve(relative);
        for (Path candidate : new Path[] {inRoot, debugRoot.resolve(relative)}) {
            try (ElfFile debug = ElfFile.open(candidate)) {
                if (debug.gnuBuildId().filter(buildId::equals).isPresent() && debug.hasSymtab()) {
                    return Optional.of(debug.functionSymbols());
                }
            } catch (IOException | ElfFormatException | RuntimeException e) {
                // no debug file there
            }
        }
        return Optional.empty();
    }

    private static Optional<FileKey> keyOf(Path file, String path) {
        try {
            Map<String, Object> attributes = Files.readAttributes(file, "unix:ino,size,lastModifiedTime");
            return Optional.of(new FileKey(path, (Long) attributes.get("ino"), (Long) attributes.get("size"),
                    (FileTime) attributes.get("lastModifiedTime")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private record FileKey(String path, long inode, long size, FileTime modified) {
    }
}
