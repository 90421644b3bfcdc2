package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A small reader of ELF64 little-endian files over a read-only mapped {@link MemorySegment}:
 * program headers, section headers, function symbols and the GNU build id. Every read is bounds
 * checked, so a truncated or garbage file gives an {@link ElfFormatException} (or fewer symbols),
 * never another exception and never a symbol read from the wrong bytes.
 * The symbol table of a file reads its names from the file later ({@link FileNames}), so it keeps
 * the file open past {@link #close()}. Not thread-safe; close it in the thread that opened it.
 */
public final class ElfFile implements AutoCloseable {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int HEADER_SIZE = 64;
    private static final int PHDR_SIZE = 56;
    private static final int SHDR_SIZE = 64;
    private static final int SYM_SIZE = 24;
    private static final int PT_LOAD = 1;
    private static final int PT_NOTE = 4;
    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;
    private static final int NT_GNU_BUILD_ID = 3;
    /** Longest name we read; longer (or unterminated) strings mean garbage, not a symbol. */
    private static final int MAX_NAME = 64 * 1024;

    /** Bytes at each end of a file without a build id that tell it from another: enough to tell builds apart, cheap. */
    static final int HEAD_AND_TAIL_BYTES = 4096;

    private final Arena arena;
    private final MemorySegment file;
    /** The open file behind {@link #file}, or null for an image in memory. */
    private final RandomAccessFile source;
    /** Whether a symbol table reads its names from {@link #source}, which then outlives this. */
    private boolean sourceHandedOff;
    private final List<LoadSegment> loadSegments;
    private final List<ElfSection> sections;
    private final List<long[]> noteSegments;

    private ElfFile(Arena arena, MemorySegment file, RandomAccessFile source) throws ElfFormatException {
        this.arena = arena;
        this.file = file;
        this.source = source;
        checkIdent();
        List<long[]> notes = new ArrayList<>();
        this.loadSegments = readProgramHeaders(notes);
        this.noteSegments = List.copyOf(notes);
        this.sections = readSectionHeaders();
    }

    /**
     * Maps the file read-only and reads its headers.
     *
     * @throws IOException         when the file cannot be opened or mapped
     * @throws ElfFormatException  when it is not a readable ELF64 little-endian file
     */
    public static ElfFile open(Path path) throws IOException, ElfFormatException {
        Arena arena = Arena.ofConfined();
        RandomAccessFile source = new RandomAccessFile(path.toFile(), "r");
        try {
            FileChannel channel = source.getChannel();
            MemorySegment segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new ElfFile(arena, segment, source);
        } catch (IOException | ElfFormatException | RuntimeException e) {
            arena.close();
            source.close();
            throw e;
        }
    }

    /**
     * Reads an ELF image held in memory (the vDSO, copied out of a process).
     *
     * @throws ElfFormatException when it is not a readable ELF64 little-endian image
     */
    public static ElfFile ofImage(byte[] image) throws ElfFormatException {
        Arena arena = Arena.ofConfined();
        try {
            MemorySegment segment = arena.allocate(Math.max(1, image.length));
            MemorySegment.copy(image, 0, segment, ValueLayout.JAVA_BYTE, 0, image.length);
            return new ElfFile(arena, segment.asSlice(0, image.length).asReadOnly(), null);
        } catch (ElfFormatException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** @return the {@code PT_LOAD} segments in file order */
    public List<LoadSegment> loadSegments() {
        return loadSegments;
    }

    /** @return all section headers (empty when the file has none, as some stripped files) */
    public List<ElfSection> sections() {
        return sections;
    }

    /** @return whether the file has a {@code .symtab} (else only exported functions have names) */
    public boolean hasSymtab() {
        return sections.stream().anyMatch(section -> section.type() == ElfSection.SHT_SYMTAB);
    }

    /** @return the size of the file in bytes */
    public long fileSize() {
        return file.byteSize();
    }

    /**
     * @return the function symbols ({@code STT_FUNC}, {@code STT_GNU_IFUNC}, defined) of
     *         {@code .symtab} and {@code .dynsym}, {@code .symtab} names preferred
     */
    public SymbolTable functionSymbols() {
        // Two passes over the mapped file: the first sizes the table, so building it allocates
        // no per-symbol objects (a big library has ~10^5).
        long[] totals = new long[2];
        forEachFunction((value, size, nameOffset, nameLength) -> {
            totals[0]++;
            totals[1] += nameLength;
        });
        if (totals[0] == 0) {
            return SymbolTable.EMPTY;
        }
        // Hints only: a garbage file's absurd totals are not allocated up front.
        int symbols = (int) Math.min(totals[0], 1 << 24);
        if (source != null && file.byteSize() <= Integer.MAX_VALUE) {
            // Names stay in the file (offsets fit an int): read when a sample needs them.
            SymbolTable.Builder builder = new SymbolTable.Builder(symbols, fileNames());
            forEachFunction((value, size, nameOffset, nameLength) -> builder.add(value, size, (int) nameOffset));
            return builder.build();
        }
        SymbolTable.Builder builder = new SymbolTable.Builder(symbols, (int) Math.min(totals[1], 1 << 28));
        forEachFunction((value, size, nameOffset, nameLength) -> builder.add(value, size, file.asSlice(nameOffset, nameLength)));
        return builder.build();
    }

    /** Hands the open file to a reader of names, with the bytes that tell later whether it is still this file. */
    private FileNames fileNames() {
        long[] regions = identityRegions();
        long[] offsets = new long[regions.length / 2];
        byte[][] bytes = new byte[offsets.length][];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = regions[2 * i];
            bytes[i] = file.asSlice(regions[2 * i], regions[2 * i + 1]).toArray(ValueLayout.JAVA_BYTE);
        }
        sourceHandedOff = true;
        return new FileNames(source, file.byteSize(), offsets, bytes);
    }

    /**
     * @return offset and length pairs of the bytes that identify this file: its GNU build id, else
     *         its head and tail (as the fallback build id is made of)
     */
    private long[] identityRegions() {
        long[] buildId = buildIdRegion();
        if (buildId != null) {
            return buildId;
        }
        long size = file.byteSize();
        long n = Math.min(HEAD_AND_TAIL_BYTES, size);
        return new long[] {0, n, size - n, n};
    }

    /** Receives one function symbol: its value, size, and where its name's bytes are in the file (no terminator). */
    @FunctionalInterface
    private interface FunctionVisitor {
        void visit(long value, long size, long nameOffset, long nameLength);
    }

    /** Visits the function symbols of {@code .symtab}, then of {@code .dynsym}, in file order. */
    private void forEachFunction(FunctionVisitor visitor) {
        for (int type : new int[] {ElfSection.SHT_SYMTAB, ElfSection.SHT_DYNSYM}) {
            for (ElfSection section : sections) {
                if (section.type() == type) {
                    readFunctions(section, visitor);
                }
            }
        }
    }

    /**
     * @return the GNU build id (note type 3, name "GNU") as lowercase hex, from the note sections
     *         or, in files without section headers, the {@code PT_NOTE} segments
     */
    public Optional<String> gnuBuildId() {
        long[] region = buildIdRegion();
        return region == null ? Optional.empty()
                : Optional.of(HexFormat.of().formatHex(file.asSlice(region[0], region[1]).toArray(ValueLayout.JAVA_BYTE)));
    }

    /** @return offset and length of the GNU build id's bytes, or null when the file has none */
    private long[] buildIdRegion() {
        for (ElfSection section : sections) {
            if (section.type() == ElfSection.SHT_NOTE) {
                long[] id = buildIdIn(section.offset(), section.size());
                if (id != null) {
                    return id;
                }
            }
        }
        for (long[] note : noteSegments) {
            long[] id = buildIdIn(note[0], note[1]);
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    /** @return the first and last (up to) {@code length} bytes of the file, for a fallback id */
    byte[][] headAndTail(int length) {
        long size = file.byteSize();
        int n = (int) Math.min(length, size);
        byte[] head = file.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        byte[] tail = file.asSlice(size - n, n).toArray(ValueLayout.JAVA_BYTE);
        return new byte[][] {head, tail};
    }

    @Override
    public void close() {
        arena.close();
        if (source != null && !sourceHandedOff) {
            try {
                source.close();
            } catch (IOException e) {
                // the descriptor is released either way
            }
        }
    }

    private void checkIdent() throws ElfFormatException {
        if (file.byteSize() < HEADER_SIZE) {
            throw new ElfFormatException("too short for an ELF header: " + file.byteSize() + " bytes");
        }
        if (u8(0) != 0x7f || u8(1) != 'E' || u8(2) != 'L' || u8(3) != 'F') {
            throw new ElfFormatException("no ELF magic");
        }
        if (u8(4) != 2 || u8(5) != 1) {
            throw new ElfFormatException("not ELF64 little-endian (class " + u8(4) + ", data " + u8(5) + ")");
        }
    }

    private List<LoadSegment> readProgramHeaders(List<long[]> notes) throws ElfFormatException {
        long phoff = file.get(U64, 0x20);
        int entSize = u16(0x36);
        int count = u16(0x38);
        if (count == 0) {
            return List.of();
        }
        if (entSize < PHDR_SIZE) {
            throw new ElfFormatException("program header entry size " + entSize);
        }
        requireRange(phoff, (long) entSize * count, "program headers");
        List<LoadSegment> loads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long at = phoff + (long) i * entSize;
            int type = file.get(U32, at);
            if (type == PT_LOAD) {
                loads.add(new LoadSegment(file.get(U64, at + 16), file.get(U64, at + 8),
                        file.get(U64, at + 32), file.get(U32, at + 4)));
            } else if (type == PT_NOTE) {
                notes.add(new long[] {file.get(U64, at + 8), file.get(U64, at + 32)});
            }
        }
        return List.copyOf(loads);
    }

    private List<ElfSection> readSectionHeaders() throws ElfFormatException {
        long shoff = file.get(U64, 0x28);
        int entSize = u16(0x3a);
        long count = u16(0x3c);
        int namesIndex = u16(0x3e);
        if (shoff == 0) {
            return List.of();
        }
        if (entSize < SHDR_SIZE) {
            throw new ElfFormatException("section header entry size " + entSize);
        }
        requireRange(shoff, entSize, "section header 0");
        if (count == 0) {
            count = file.get(U64, shoff + 32); // extended numbering: the count is in section 0's sh_size
        }
        if (namesIndex == 0xffff) {
            namesIndex = file.get(U32, shoff + 40); // extended numbering: the index is in sh_link
        }
        if (count < 0 || count > file.byteSize() / entSize) {
            throw new ElfFormatException("section header count " + count + " exceeds the file");
        }
        requireRange(shoff, entSize * count, "section headers");
        List<long[]> raw = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long at = shoff + i * entSize;
            raw.add(new long[] {Integer.toUnsignedLong(file.get(U32, at)), file.get(U32, at + 4),
                    file.get(U64, at + 24), file.get(U64, at + 32), file.get(U32, at + 40), file.get(U64, at + 56)});
        }
        long[] names = namesIndex < raw.size() ? raw.get(namesIndex) : null;
        List<ElfSection> result = new ArrayList<>(raw.size());
        for (long[] s : raw) {
            String name = names == null ? null : string(names[2], names[3], s[0]);
            result.add(new ElfSection(name == null ? "" : name, (int) s[1], s[2], s[3], (int) s[4], s[5]));
        }
        return List.copyOf(result);
    }

    private void readFunctions(ElfSection table, FunctionVisitor visitor) {
        if (table.entSize() != SYM_SIZE || !inFile(table.offset(), table.size())
                || table.link() < 0 || table.link() >= sections.size()) {
            return; // a table we cannot trust gives no names rather than wrong ones
        }
        ElfSection strings = sections.get(table.link());
        if (strings.type() == ElfSection.SHT_NOBITS || !inFile(strings.offset(), strings.size())) {
            return;
        }
        long count = table.size() / SYM_SIZE;
        for (long i = 1; i < count; i++) { // entry 0 is the null symbol
            long at = table.offset() + i * SYM_SIZE;
            int info = u8(at + 4);
            int kind = info & 0xf;
            int sectionIndex = u16(at + 6);
            if ((kind != STT_FUNC && kind != STT_GNU_IFUNC) || sectionIndex == 0) {
                continue; // not a function, or undefined here (an import)
            }
            long value = file.get(U64, at + 8);
            if (value == 0) {
                continue;
            }
            long nameIndex = Integer.toUnsignedLong(file.get(U32, at));
            long nameLength = stringLength(strings.offset(), strings.size(), nameIndex);
            if (nameLength > 0) {
                visitor.visit(value, file.get(U64, at + 16), strings.offset() + nameIndex, nameLength);
            }
        }
    }

    private long[] buildIdIn(long offset, long size) {
        if (!inFile(offset, size)) {
            return null;
        }
        long at = offset;
        long end = offset + size;
        while (end - at >= 12) {
            long nameSize = Integer.toUnsignedLong(file.get(U32, at));
            long descSize = Integer.toUnsignedLong(file.get(U32, at + 4));
            int type = file.get(U32, at + 8);
            long name = at + 12;
            long desc = name + align4(nameSize);
            long next = desc + align4(descSize);
            if (next > end || next <= at) {
                return null;
            }
            if (type == NT_GNU_BUILD_ID && nameSize == 4 && descSize > 0
                    && u8(name) == 'G' && u8(name + 1) == 'N' && u8(name + 2) == 'U' && u8(name + 3) == 0) {
                return new long[] {desc, descSize};
            }
            at = next;
        }
        return null;
    }

    /** @return the NUL-terminated string at {@code index} of a string table, or null when it does not end inside it */
    private String string(long tableOffset, long tableSize, long index) {
        MemorySegment bytes = stringBytes(tableOffset, tableSize, index);
        return bytes == null ? null : new String(bytes.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /** @return the bytes (no terminator) of the NUL-terminated string at {@code index}, or null as {@link #string} */
    private MemorySegment stringBytes(long tableOffset, long tableSize, long index) {
        long length = stringLength(tableOffset, tableSize, index);
        return length < 0 ? null : file.asSlice(tableOffset + index, length);
    }

    /** @return the length of the NUL-terminated string at {@code index} of a string table, or -1 as {@link #string} */
    private long stringLength(long tableOffset, long tableSize, long index) {
        if (!inFile(tableOffset, tableSize) || index < 0 || index >= tableSize) {
            return -1;
        }
        long start = tableOffset + index;
        long limit = Math.min(tableOffset + tableSize, start + MAX_NAME);
        for (long at = start; at < limit; at++) {
            if (file.get(ValueLayout.JAVA_BYTE, at) == 0) {
                return at - start;
            }
        }
        return -1;
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }

    private boolean inFile(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= file.byteSize() && length <= file.byteSize() - offset;
    }

    private void requireRange(long offset, long length, String what) throws ElfFormatException {
        if (!inFile(offset, length)) {
            throw new ElfFormatException(what + " lie outside the file (offset " + offset + ", length "
                    + length + ", file " + file.byteSize() + " bytes)");
        }
    }

    private int u8(long at) {
        return Byte.toUnsignedInt(file.get(ValueLayout.JAVA_BYTE, at));
    }

    private int u16(long at) {
        return Short.toUnsignedInt(file.get(U16, at));
    }
}
