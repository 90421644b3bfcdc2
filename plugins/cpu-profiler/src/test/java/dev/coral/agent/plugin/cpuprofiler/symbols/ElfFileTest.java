package dev.coral.agent.plugin.cpuprofiler.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfFileTest {
    @TempDir
    static Path dir;
    static Path program;

    @BeforeAll
    static void compile() throws Exception {
        NativeTools.assumeAvailable("gcc", "readelf", "strip");
        program = NativeTools.compileHotProgram(dir, "hot");
    }

    @Test
    void findsTheFunctionsAtTheAddressesReadelfLists() throws Exception {
        try (ElfFile elf = ElfFile.open(program)) {
            SymbolTable symbols = elf.functionSymbols();
            for (String function : new String[] {"hot_a", "hot_b", "main"}) {
                long address = NativeTools.readelfFunction(program, function);
                assertThat(symbols.addressOf(function)).as(function).isEqualTo(address);
                assertThat(symbols.nameAt(address)).isEqualTo(function);
                assertThat(symbols.nameAt(address + 1)).isEqualTo(function);
            }
            assertThat(elf.loadSegments()).anySatisfy(segment ->
                    assertThat(segment.flags() & LoadSegment.EXECUTABLE).isNotZero());
        }
    }

    @Test
    void namesAreReadFromTheFileOnlyWhenAskedAndStayTheOpenedFilesAfterARename() throws Exception {
        Path renamedOver = Files.copy(program, dir.resolve("hot-renamed-over"));
        long hotA = NativeTools.readelfFunction(program, "hot_a");
        SymbolTable symbols;
        try (ElfFile elf = ElfFile.open(renamedOver)) {
            symbols = elf.functionSymbols();
        }
        // Another build with other names renamed over the path: the table reads the inode it was built from.
        Path other = NativeTools.compileHotProgram(dir, "hot-other", "-Wl,-Ttext-segment=0x400000");
        Files.move(other, renamedOver, StandardCopyOption.REPLACE_EXISTING);
        assertThat(symbols.nameAt(hotA)).isEqualTo("hot_a");
        assertThat(symbols.demangledNameAt(hotA)).isEqualTo("hot_a");
        symbols.close();
        assertThat(symbols.demangledNameAt(hotA)).as("cached").isEqualTo("hot_a");
        assertThat(symbols.nameAt(hotA)).as("its file closed: unnamed, not wrong").isNull();
    }

    @Test
    void aFileRewrittenInPlaceAfterTheTableWasBuiltNamesNothingMore() throws Exception {
        Path rewritten = Files.copy(program, dir.resolve("hot-rewritten"));
        long hotA = NativeTools.readelfFunction(program, "hot_a");
        long hotB = NativeTools.readelfFunction(program, "hot_b");
        try (ElfFile elf = ElfFile.open(rewritten)) {
            SymbolTable symbols = elf.functionSymbols();
            assertThat(symbols.demangledNameAt(hotA)).isEqualTo("hot_a");

            // Same inode, other bytes: a build whose names sit where the old ones did, under other names.
            Path renamed = NativeTools.compileHotProgram(dir, "hot-renamed-functions", "-Dhot_a=hot_x", "-Dhot_b=hot_y");
            Files.write(rewritten, Files.readAllBytes(renamed), StandardOpenOption.TRUNCATE_EXISTING);

            assertThat(symbols.demangledNameAt(hotA)).as("read before the rewrite").isEqualTo("hot_a");
            assertThat(symbols.demangledNameAt(hotB)).isNull();
            assertThat(symbols.nameAt(hotA)).isNull();
        }
    }

    @Test
    void readsTheBuildIdReadelfShows() throws Exception {
        try (ElfFile elf = ElfFile.open(program)) {
            assertThat(elf.gnuBuildId()).contains(NativeTools.readelfBuildId(program));
        }
    }

    @Test
    void aStrippedCopyNamesNoneOfItsFunctions() throws Exception {
        Path stripped = dir.resolve("hot-stripped");
        Files.copy(program, stripped);
        NativeTools.run("strip", stripped.toString());
        long hotA = NativeTools.readelfFunction(program, "hot_a");
        try (ElfFile elf = ElfFile.open(stripped)) {
            assertThat(elf.functionSymbols().nameAt(hotA)).isNull();
            assertThat(elf.gnuBuildId()).contains(NativeTools.readelfBuildId(program));
        }
    }

    @Test
    void withoutABuildIdNoteTheFallbackIdHashesTheFile() throws Exception {
        Path noId = NativeTools.compileHotProgram(dir, "hot-no-id", "-Wl,--build-id=none");
        Binary first = Binary.read(noId);
        assertThat(first.buildId()).matches("[0-9a-f]{40}").isEqualTo(Binary.read(noId).buildId());
        Path other = NativeTools.compileHotProgram(dir, "hot-no-id-O2", "-O2", "-Wl,--build-id=none");
        assertThat(Binary.read(other).buildId()).isNotEqualTo(first.buildId());
    }

    @Test
    void garbageGivesAClearExceptionAndTruncatedCopiesNeverAWrongName() throws Exception {
        Path garbage = dir.resolve("garbage");
        Files.writeString(garbage, "#!/bin/sh\necho not an ELF file\n");
        assertThatThrownBy(() -> ElfFile.open(garbage)).isInstanceOf(ElfFormatException.class);
        Path empty = Files.createFile(dir.resolve("empty"));
        assertThatThrownBy(() -> ElfFile.open(empty)).isInstanceOf(ElfFormatException.class);

        byte[] whole = Files.readAllBytes(program);
        long hotA = NativeTools.readelfFunction(program, "hot_a");
        long hotB = NativeTools.readelfFunction(program, "hot_b");
        Path truncated = dir.resolve("truncated");
        for (int length = 0; length < whole.length; length += 97) {
            Files.write(truncated, Arrays.copyOf(whole, length));
            try (ElfFile elf = ElfFile.open(truncated)) {
                SymbolTable symbols = elf.functionSymbols();
                assertThat(symbols.nameAt(hotA)).isIn("hot_a", null);
                assertThat(symbols.nameAt(hotB)).isIn("hot_b", null);
                elf.gnuBuildId().ifPresent(id -> assertThat(id).hasSizeGreaterThan(0));
            } catch (ElfFormatException expected) {
                assertThat(expected).hasMessageNotContaining("null");
            }
        }
    }
}
