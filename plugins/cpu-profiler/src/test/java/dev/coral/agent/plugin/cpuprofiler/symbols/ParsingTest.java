package dev.coral.agent.plugin.cpuprofiler.symbols;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small text and table formats, on hand-written input. */
class ParsingTest {
    @TempDir
    Path dir;

    @Test
    void mapsLinesOfFilesPseudoFilesAndAnonymousMemoryParse() {
        assertThat(MemoryMapping.parse("55ce6a83c000-55ce6a842000 r-xp 00002000 fe:00 260386                     /usr/bin/head"))
                .contains(new MemoryMapping(0x55ce6a83c000L, 0x55ce6a842000L, "r-xp", 0x2000, 260386, "/usr/bin/head"));
        assertThat(MemoryMapping.parse("7ffd1000-7ffd3000 r-xp 00000000 00:00 0                          [vdso]"))
                .hasValueSatisfying(m -> assertThat(m.isFile()).isFalse());
        assertThat(MemoryMapping.parse("7f0000000000-7f0000001000 rwxp 00000000 00:00 0"))
                .hasValueSatisfying(m -> assertThat(m.path()).isEmpty());
        assertThat(MemoryMapping.parse("7f0000000000-7f0000001000 r-xp 00001000 fe:00 42 /opt/app/lib x.so (deleted)"))
                .hasValueSatisfying(m -> assertThat(m.fileName()).isEqualTo("lib x.so"));
        assertThat(MemoryMapping.parse("7f0000000000-7f00")).isEmpty();
        assertThat(MemoryMapping.parse("garbage line with spaces in it")).isEmpty();
    }

    @Test
    void mappingsTranslateAddressesToFileOffsets() {
        MemoryMapping mapping = new MemoryMapping(0x7f0000001000L, 0x7f0000003000L, "r-xp", 0x5000, 1, "/lib/x.so");
        assertThat(mapping.fileOffsetOf(0x7f0000001010L)).isEqualTo(0x5010);
        assertThat(mapping.contains(0x7f0000003000L)).isFalse();
        ProcessMaps maps = new ProcessMaps(1, 0, List.of(
                new MemoryMapping(0x1000, 0x2000, "r--p", 0, 1, "/a"), mapping));
        assertThat(maps.find(0x7f0000002fffL)).contains(mapping);
        assertThat(maps.find(0x2000)).isEmpty();
    }

    @Test
    void symbolTablesNameOnlyAddressesInsideASymbol() {
        SymbolTable table = SymbolTable.of(List.of(
                new SymbolTable.Symbol(0x1000, 0x100, "outer"),
                new SymbolTable.Symbol(0x1040, 0, "label"),
                new SymbolTable.Symbol(0x2000, 0x10, "f"),
                new SymbolTable.Symbol(0x2000, 0x10, "f_alias")));
        assertThat(table.nameAt(0x1080)).as("enclosing symbol past a sizeless one").isEqualTo("outer");
        assertThat(table.nameAt(0x1040)).isEqualTo("label");
        assertThat(table.nameAt(0x2000)).as("the first of aliases wins").isEqualTo("f");
        assertThat(table.nameAt(0x2010)).isNull();
        assertThat(table.nameAt(0xfff)).isNull();
    }

    @Test
    void perfMapsTakeHexWithOrWithoutPrefixAndTheLatestOwnerOfAnAddress() throws Exception {
        Path file = Files.writeString(dir.resolve("perf-1.map"), """
                0x7f0000 10 old
                7f0000 20 new
                7f1000 8 Main.run(java.lang.String) with spaces
                zz 10 broken
                """);
        PerfMap map = PerfMap.read(file);
        assertThat(map.nameAt(0x7f0018)).isEqualTo("new");
        assertThat(map.nameAt(0x7f1007)).isEqualTo("Main.run(java.lang.String) with spaces");
        assertThat(map.nameAt(0x7f1008)).isNull();
        assertThat(map.size()).isEqualTo(2);
    }
}
