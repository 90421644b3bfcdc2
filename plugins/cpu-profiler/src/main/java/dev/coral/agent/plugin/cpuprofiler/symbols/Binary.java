package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What symbolization needs of one ELF file, read once and kept on the heap (the mapping is
 * closed; the symbols' names stay in the file, see {@link FileNames}): its build id, its
 * {@code PT_LOAD} segments and its function symbols. Immutable.
 *
 * @param buildId      the GNU build id, or a hash of the file's head, tail and size when it has none
 * @param loadSegments to turn file offsets into link-time addresses
 * @param symbols      function symbols, empty for a stripped file
 */
public record Binary(String buildId, List<LoadSegment> loadSegments, SymbolTable symbols) {
    /** Reads the file at {@code path} (a path as this agent sees it). */
    static Binary read(Path path) throws IOException, ElfFormatException {
        return read(path, buildId -> null, buildId -> Optional.empty());
    }

    /**
     * Reads the file at {@code path}; when it has no {@code .symtab} (a stripped distribution
     * binary) and a GNU build id, takes the symbols of its separate debug file, if there is one.
     *
     * @param known the symbol table already read for a build id, or null: then the file's are not parsed
     * @param debugSymbols the symbols of the debug file for a build id, checked to carry that id
     */
    static Binary read(Path path, Function<String, SymbolTable> known,
            Function<String, Optional<SymbolTable>> debugSymbols) throws IOException, ElfFormatException {
        try (ElfFile elf = ElfFile.open(path)) {
            return of(elf, known, debugSymbols);
        }
    }

    /** Reads an open ELF file or image (its symbols only: no debug file is looked for). */
    static Binary of(ElfFile elf) {
        return of(elf, buildId -> null, buildId -> Optional.empty());
    }

    private static Binary of(ElfFile elf, Function<String, SymbolTable> known,
            Function<String, Optional<SymbolTable>> debugSymbols) {
        Optional<String> gnuId = elf.gnuBuildId();
        String id = gnuId.orElseGet(() -> fallbackId(elf));
        SymbolTable symbols = known.apply(id);
        if (symbols == null) {
            Optional<SymbolTable> debug = elf.hasSymtab() || gnuId.isEmpty() ? Optional.empty() : debugSymbols.apply(id);
            symbols = debug.orElseGet(elf::functionSymbols);
        }
        return new Binary(id, elf.loadSegments(), symbols);
    }

    /**
     * @return the link-time address of a file offset, through the {@code PT_LOAD} segment holding
     *         it (this handles the load bias of PIE files and shared libraries), or -1 when none does
     */
    public long vaddrOf(long fileOffset) {
        for (LoadSegment segment : loadSegments) {
            if (segment.containsFileOffset(fileOffset)) {
                return segment.vaddrOf(fileOffset);
            }
        }
        return -1;
    }

    private static String fallbackId(ElfFile elf) {
        byte[][] ends = elf.headAndTail(ElfFile.HEAD_AND_TAIL_BYTES);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(ends[0]);
            digest.update(ends[1]);
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(elf.fileSize()).array());
            // 20 bytes of lowercase hex, the shape of a GNU build id, so consumers need no special case.
            return HexFormat.of().formatHex(digest.digest(), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
