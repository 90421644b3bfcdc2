package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The vDSO's symbols ({@code __vdso_clock_gettime} and friends): the kernel maps the vDSO into
 * every process as an ELF image with no file behind it, so it is read out of the process's memory
 * ({@code /proc/<pid>/mem} at its {@code [vdso]} mapping, root or ptrace access needed), once per
 * process; images are shared by build id (every 64-bit process of one kernel maps the same one).
 * A process gone before its vDSO was read gets the agent's own vDSO when the mapping has the same
 * size (the same kernel's image; a 32-bit process's differs, and then stays unnamed).
 * Not thread-safe.
 */
final class VdsoImages {
    /** The x86_64 vDSO is two pages; anything far larger is not a vDSO. */
    private static final long MAX_IMAGE_BYTES = 1 << 20;

    private final Path proc;
    private final Map<Integer, Optional<Binary>> byPid = new HashMap<>();
    private final Map<String, Binary> byBuildId = new HashMap<>();
    /** The agent's own vDSO, read when first needed (null until then), and its mapping's size. */
    private Optional<Binary> own;
    private long ownSize = -1;

    VdsoImages(Path proc) {
        this.proc = proc;
    }

    /** @return the vDSO image the process maps at {@code vdso}, if it could be read */
    Optional<Binary> of(int pid, MemoryMapping vdso) {
        return byPid.computeIfAbsent(pid, p -> read(Integer.toString(p), vdso).or(() -> ownIfSameSize(vdso)));
    }

    void forget(int pid) {
        byPid.remove(pid);
    }

    private Optional<Binary> ownIfSameSize(MemoryMapping vdso) {
        if (own == null) {
            Optional<MemoryMapping> mine = ownMapping();
            ownSize = mine.map(m -> m.end() - m.start()).orElse(-1L);
            own = mine.flatMap(m -> read("self", m));
        }
        return vdso.end() - vdso.start() == ownSize ? own : Optional.empty();
    }

    private Optional<MemoryMapping> ownMapping() {
        try (Stream<String> lines = Files.lines(proc.resolve("self/maps"))) {
            return lines.map(MemoryMapping::parse).flatMap(Optional::stream)
                    .filter(m -> m.path().equals("[vdso]")).findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private Optional<Binary> read(String pidDir, MemoryMapping vdso) {
        long size = vdso.end() - vdso.start();
        if (size <= 0 || size > MAX_IMAGE_BYTES) {
            return Optional.empty();
        }
        byte[] image = new byte[(int) size];
        try (RandomAccessFile mem = new RandomAccessFile(proc.resolve(pidDir).resolve("mem").toFile(), "r")) {
            mem.seek(vdso.start());
            mem.readFully(image);
        } catch (IOException e) {
            return Optional.empty(); // gone, or no ptrace access to it
        }
        try (ElfFile elf = ElfFile.ofImage(image)) {
            Binary binary = Binary.of(elf);
            return Optional.of(byBuildId.computeIfAbsent(binary.buildId(), id -> binary));
        } catch (ElfFormatException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
