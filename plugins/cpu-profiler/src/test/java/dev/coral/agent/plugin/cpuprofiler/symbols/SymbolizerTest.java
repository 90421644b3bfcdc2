package dev.coral.agent.plugin.cpuprofiler.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SymbolizerTest {
    private static final long[] NONE = new long[0];

    @TempDir
    static Path dir;
    static Path program;
    static Path stripped;

    @BeforeAll
    static void compile() throws Exception {
        NativeTools.assumeAvailable("gcc", "readelf", "strip", "objcopy");
        program = NativeTools.compileHotProgram(dir, "hot");
        stripped = dir.resolve("hot-stripped");
        Files.copy(program, stripped);
        NativeTools.run("strip", stripped.toString());
    }

    private Symbolizer symbolizer(Path kallsyms) {
        return new Symbolizer(Path.of("/proc"), kallsyms, dir, dir.resolve("no-debug-files"));
    }

    @Test
    void runtimeAddressesOfAPieProgramResolveThroughItsMaps() throws Exception {
        long linkedHotA = NativeTools.readelfFunction(program, "hot_a");
        try (HotProcess hot = new HotProcess(program)) {
            assertThat(hot.hotA).as("PIE load bias is exercised").isNotEqualTo(linkedHotA);
            Symbolizer symbolizer = symbolizer(dir.resolve("no-kallsyms"));

            List<Frame> frames = symbolizer.symbolize(hot.pid(), new long[] {hot.hotA + 1, hot.hotB + 1}, NONE);

            assertThat(frames).extracting(Frame::name).containsExactly("hot_a", "hot_b");
            Frame hotA = frames.getFirst();
            assertThat(hotA.kind()).isEqualTo(Frame.Kind.NATIVE);
            assertThat(hotA.buildId()).isEqualTo(NativeTools.readelfBuildId(program));
            assertThat(hotA.binary()).isEqualTo(program.toRealPath().toString());
            assertThat(hotA.fileOffset()).as("PIE: file offset = link address here").isEqualTo(linkedHotA + 1);
        }
    }

    @Test
    void aLinkAddressOtherThanTheFileOffsetIsFoundThroughItsLoadSegment() throws Exception {
        // Linked at 0x200000, so link addresses differ from file offsets (as in many libraries).
        Path based = NativeTools.compileHotProgram(dir, "hot-based", "-Wl,-Ttext-segment=0x200000");
        long linkedHotB = NativeTools.readelfFunction(based, "hot_b");
        try (HotProcess hot = new HotProcess(based)) {
            List<Frame> frames = symbolizer(dir.resolve("no-kallsyms")).symbolize(hot.pid(), new long[] {hot.hotB}, NONE);

            assertThat(frames).extracting(Frame::name).containsExactly("hot_b");
            assertThat(frames.getFirst().fileOffset()).isEqualTo(linkedHotB - 0x200000);
        }
    }

    @Test
    void aBinaryReplacedOnDiskAfterItWasMappedStillGivesTheMappedFilesNames() throws Exception {
        Path replaced = Files.copy(program, dir.resolve("hot-replaced"));
        try (HotProcess hot = new HotProcess(replaced)) {
            // An upgrade: another build (hot_a elsewhere) renamed over the path the process runs from.
            Path other = NativeTools.compileHotProgram(dir, "hot-other", "-Wl,-Ttext-segment=0x400000");
            assertThat(NativeTools.readelfFunction(other, "hot_a")).isNotEqualTo(NativeTools.readelfFunction(program, "hot_a"));
            Files.move(other, replaced, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            List<Frame> frames = symbolizer(dir.resolve("no-kallsyms")).symbolize(hot.pid(), new long[] {hot.hotA, hot.hotB + 1}, NONE);

            assertThat(frames).extracting(Frame::name).containsExactly("hot_a", "hot_b");
            assertThat(frames.getFirst().buildId()).isEqualTo(NativeTools.readelfBuildId(program));
        }
    }

    @Test
    void aNameFirstNeededAfterTheBinaryWasReplacedIsReadFromTheMappedFile() throws Exception {
        Path replaced = Files.copy(program, dir.resolve("hot-replaced-later"));
        try (HotProcess hot = new HotProcess(replaced)) {
            Symbolizer symbolizer = symbolizer(dir.resolve("no-kallsyms"));
            // The table is built now; its names are read from the file only when first needed.
            assertThat(symbolizer.symbolize(hot.pid(), new long[] {hot.hotA}, NONE)).extracting(Frame::name)
                    .containsExactly("hot_a");
            Path other = NativeTools.compileHotProgram(dir, "hot-other-later", "-Wl,-Ttext-segment=0x400000");
            Files.move(other, replaced, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            symbolizer.evictExited();

            List<Frame> frames = symbolizer.symbolize(hot.pid(), new long[] {hot.hotB}, NONE);

            assertThat(frames).extracting(Frame::name).containsExactly("hot_b");
            assertThat(frames.getFirst().buildId()).isEqualTo(NativeTools.readelfBuildId(program));
        }
    }

    @Test
    void aPerfMapWrittenLaterIsReadInTheNextCycle() throws Exception {
        try (HotProcess hot = new HotProcess(program)) {
            long page = hot.anonymousExecutablePage;
            Symbolizer symbolizer = symbolizer(dir.resolve("no-kallsyms"));
            assertThat(symbolizer.symbolize(hot.pid(), new long[] {page}, NONE)).containsExactly(Frame.UNKNOWN);

            Files.writeString(dir.resolve("perf-" + hot.pid() + ".map"), "%x 10 stub:late\n".formatted(page));
            symbolizer.evictExited();

            assertThat(symbolizer.symbolize(hot.pid(), new long[] {page}, NONE)).extracting(Frame::name)
                    .containsExactly("stub:late");
        }
    }

    @Test
    void framesOfAProcessThatExitedStillResolveFromWhatWasReadWhileItLived() throws Exception {
        Symbolizer symbolizer = symbolizer(dir.resolve("no-kallsyms"));
        long hotA;
        int pid;
        try (HotProcess hot = new HotProcess(program)) {
            hotA = hot.hotA;
            pid = hot.pid();
            symbolizer.refresh(pid); // first sight of the pid
        }
        assertThat(symbolizer.symbolize(pid, new long[] {hotA}, NONE)).extracting(Frame::name).containsExactly("hot_a");

        symbolizer.evictExited();
        assertThat(symbolizer.symbolize(pid, new long[] {hotA}, NONE)).containsExactly(Frame.UNKNOWN);
    }

    @Test
    void aStrippedBinaryGivesItsNameAndOffsetNeverAWrongName() throws Exception {
        long linkedHotA = NativeTools.readelfFunction(program, "hot_a");
        try (HotProcess hot = new HotProcess(stripped)) {
            List<Frame> frames = symbolizer(dir.resolve("no-kallsyms"))
                    .symbolize(hot.pid(), new long[] {hot.hotA, hot.hotB + 1}, NONE);

            assertThat(frames.getFirst().name()).isEqualTo("[hot-stripped+0x" + Long.toHexString(linkedHotA) + "]");
            assertThat(frames).allSatisfy(frame -> {
                assertThat(frame.name()).startsWith("[hot-stripped+0x");
                assertThat(frame.buildId()).isEqualTo(NativeTools.readelfBuildId(program));
            });
        }
    }

    @Test
    void aStrippedBinaryWithASeparateDebugFileGetsItsNames() throws Exception {
        Path debugRoot = dir.resolve("debug");
        String buildId = NativeTools.readelfBuildId(program);
        Path debugFile = debugRoot.resolve(".build-id/" + buildId.substring(0, 2) + "/" + buildId.substring(2) + ".debug");
        Files.createDirectories(debugFile.getParent());
        NativeTools.run("objcopy", "--only-keep-debug", program.toString(), debugFile.toString());
        try (HotProcess hot = new HotProcess(stripped)) {
            Symbolizer symbolizer = new Symbolizer(Path.of("/proc"), dir.resolve("no-kallsyms"), dir, debugRoot);

            List<Frame> frames = symbolizer.symbolize(hot.pid(), new long[] {hot.hotA, hot.hotB + 1}, NONE);

            assertThat(frames).extracting(Frame::name).containsExactly("hot_a", "hot_b");
        }
    }

    @Test
    void jitCodeResolvesThroughThePerfMap() throws Exception {
        try (HotProcess hot = new HotProcess(program)) {
            long page = hot.anonymousExecutablePage;
            Files.writeString(dir.resolve("perf-" + hot.pid() + ".map"), """
                    %x 40 LazyCompile:*hotLoop app.js:12
                    %x 20 Interpreted:Main.main
                    garbage line
                    """.formatted(page, page + 0x40));
            Symbolizer symbolizer = symbolizer(dir.resolve("no-kallsyms"));

            List<Frame> frames = symbolizer.symbolize(hot.pid(), new long[] {page + 0x10, page + 0x45, page + 0x200}, NONE);

            assertThat(frames).extracting(Frame::name)
                    .containsExactly("LazyCompile:*hotLoop app.js:12", "Interpreted:Main.main", "[unknown]");
            assertThat(frames.getFirst().kind()).isEqualTo(Frame.Kind.JIT);
        }
    }

    @Test
    void vdsoAddressesAreNamedFromTheImageInTheProcesssMemory() throws Exception {
        try (HotProcess hot = new HotProcess(program)) {
            MemoryMapping vdso = vdsoOf(Integer.toString(hot.pid()));
            // readelf on a copy of the image says where clock_gettime is.
            Path copy = Files.write(dir.resolve("vdso.so"), imageOf(Integer.toString(hot.pid()), vdso));
            long clockGettime = readelfVdsoFunction(copy, "__vdso_clock_gettime");

            List<Frame> frames = symbolizer(dir.resolve("no-kallsyms"))
                    .symbolize(hot.pid(), new long[] {vdso.start() + clockGettime + 2, vdso.end() + 0x100000}, NONE);

            assertThat(frames.getFirst().name()).isIn("__vdso_clock_gettime", "clock_gettime");
            assertThat(frames.getFirst().binary()).isEqualTo("[vdso]");
            assertThat(frames.getFirst().buildId()).isEqualTo(NativeTools.readelfBuildId(copy));
            assertThat(frames.get(1)).as("outside every mapping").isEqualTo(Frame.UNKNOWN);
        }
    }

    @Test
    void theVdsoOfAProcessGoneBeforeItWasReadIsNamedFromTheAgentsOwn() throws Exception {
        Symbolizer symbolizer = symbolizer(dir.resolve("no-kallsyms"));
        MemoryMapping vdso;
        int pid;
        try (HotProcess hot = new HotProcess(program)) {
            pid = hot.pid();
            symbolizer.refresh(pid); // its maps only, as the new-process watcher reads them
            vdso = symbolizer.maps(pid).orElseThrow().mappings().stream()
                    .filter(m -> m.path().equals("[vdso]")).findFirst().orElseThrow();
        }
        Path own = Files.write(dir.resolve("own-vdso.so"), imageOf("self", vdsoOf("self")));
        long clockGettime = readelfVdsoFunction(own, "__vdso_clock_gettime");

        List<Frame> frames = symbolizer.symbolize(pid, new long[] {vdso.start() + clockGettime}, NONE);

        assertThat(frames.getFirst().name()).isIn("__vdso_clock_gettime", "clock_gettime");
    }

    @Test
    void kernelAddressesResolveThroughKallsyms() throws Exception {
        Path kallsyms = Path.of("/proc/kallsyms");
        KernelSymbols kernel = KernelSymbols.read(kallsyms);
        if (kernel.restricted()) {
            System.out.println("SKIPPED: /proc/kallsyms hides addresses from this process (kptr_restrict)");
        }
        assumeTrue(!kernel.restricted(), "/proc/kallsyms hides addresses (kptr_restrict)");
        // A text symbol whose address no other symbol shares, so its name is the only right answer.
        String line = pickUniqueTextSymbol(Files.readAllLines(kallsyms));
        long address = Long.parseUnsignedLong(line.substring(0, 16), 16);
        String name = line.substring(19).split("\\s")[0];

        List<Frame> frames = symbolizer(kallsyms).symbolize(1, NONE, new long[] {address, address + 1});

        assertThat(frames).extracting(Frame::name).containsExactly(name, name);
        assertThat(frames).extracting(Frame::kind).containsOnly(Frame.Kind.KERNEL);
    }

    @Test
    void restrictedKallsymsGiveAddressOnlyKernelFrames() throws Exception {
        Path zeroed = Files.writeString(dir.resolve("kallsyms-restricted"), """
                0000000000000000 T _stext
                0000000000000000 t do_syscall_64
                """);
        List<Frame> frames = symbolizer(zeroed).symbolize(1, NONE, new long[] {0xffffffff81000010L});
        assertThat(frames).extracting(Frame::name).containsExactly("[kernel 0xffffffff81000010]");
    }

    @Test
    void moduleSymbolsNameTheirModule() throws Exception {
        Path kallsyms = Files.writeString(dir.resolve("kallsyms-modules"), """
                ffffffff81000000 T _stext
                ffffffff81000100 D some_data
                ffffffff81000200 t do_syscall_64
                ffffffffc0001000 t ext4_read\t[ext4]
                ffffffffc0002000 t ext4_end\t[ext4]
                """);
        List<Frame> frames = symbolizer(kallsyms).symbolize(1, NONE,
                new long[] {0xffffffff81000150L, 0xffffffffc0001010L, 0xffffffffc0002010L, 0x10L});
        assertThat(frames).extracting(Frame::name).containsExactly("_stext", "ext4_read", "[unknown]", "[unknown]");
        assertThat(frames.get(1).binary()).isEqualTo("[ext4]");
    }

    @Test
    void kernelNamesKeptOutOfTheHeapReadBackWholeAndARereadTakesTheNewFile() throws Exception {
        String longName = "a_" + "very_long_kernel_function_name_".repeat(40); // past one read's buffer
        Path kallsyms = Files.writeString(dir.resolve("kallsyms-reread"), """
                ffffffff81000000 T _stext
                ffffffff81000200 t %s
                ffffffffc0001000 t ext4_read\t[ext4]
                """.formatted(longName));
        Symbolizer symbolizer = symbolizer(kallsyms);
        assertThat(symbolizer.symbolize(1, NONE, new long[] {0xffffffffc0001000L, 0xffffffff81000210L}))
                .extracting(Frame::name).containsExactly("ext4_read", longName);

        Files.writeString(kallsyms, """
                ffffffff81000000 T _stext
                ffffffff81000200 t do_syscall_64
                ffffffffc0001000 t xfs_read\t[xfs]
                """);
        symbolizer.refreshKernelSymbols();

        List<Frame> frames = symbolizer.symbolize(1, NONE, new long[] {0xffffffffc0001000L, 0xffffffff81000210L});
        assertThat(frames).extracting(Frame::name).containsExactly("xfs_read", "do_syscall_64");
        assertThat(frames.getFirst().binary()).isEqualTo("[xfs]");
    }

    @Test
    void anAddressNoMappingHoldsRereadsTheMapsOncePerCycleNotPerStack() throws Exception {
        // A proc tree of our own, so the test sees when the maps are read.
        Path fakeProc = Files.createDirectories(dir.resolve("fake-proc/4242"));
        Files.writeString(fakeProc.resolve("stat"), "4242 (fake) S" + " 0".repeat(18) + " 777" + " 0".repeat(10) + "\n");
        Path maps = fakeProc.resolve("maps");
        Files.writeString(maps, "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n");
        Symbolizer symbolizer = new Symbolizer(fakeProc.getParent(), dir.resolve("no-kallsyms"), dir, dir.resolve("no-debug-files"));
        long late = 0x7f0000001000L;
        assertThat(symbolizer.symbolize(4242, new long[] {late}, NONE)).containsExactly(Frame.UNKNOWN);

        // Mapped now: later stacks of this cycle do not read the maps again, the next cycle's do.
        Files.writeString(maps, "7f0000000000-7f0000002000 r-xp 00000000 00:00 0                  [late]\n", StandardOpenOption.APPEND);
        assertThat(symbolizer.symbolize(4242, new long[] {late}, NONE)).containsExactly(Frame.UNKNOWN);
        symbolizer.evictExited();
        assertThat(symbolizer.symbolize(4242, new long[] {late}, NONE)).extracting(Frame::name)
                .containsExactly("[late]+0x1000");
    }

    private static MemoryMapping vdsoOf(String pidDir) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", pidDir, "maps"))) {
            if (line.endsWith("[vdso]")) {
                return MemoryMapping.parse(line).orElseThrow();
            }
        }
        throw new AssertionError("no [vdso] in the maps of " + pidDir);
    }

    private static byte[] imageOf(String pidDir, MemoryMapping mapping) throws Exception {
        byte[] image = new byte[(int) (mapping.end() - mapping.start())];
        try (java.io.RandomAccessFile mem = new java.io.RandomAccessFile("/proc/" + pidDir + "/mem", "r")) {
            mem.seek(mapping.start());
            mem.readFully(image);
        }
        return image;
    }

    /** The value of a vDSO function, whose names readelf prints with their version ({@code @@LINUX_2.6}). */
    private static long readelfVdsoFunction(Path image, String name) throws Exception {
        for (String line : NativeTools.run("readelf", "-sW", image.toString()).split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 8 && fields[3].equals("FUNC") && fields[7].split("@")[0].equals(name)) {
                return Long.parseUnsignedLong(fields[1], 16);
            }
        }
        throw new AssertionError("readelf lists no function " + name + " in the vDSO");
    }

    private static String pickUniqueTextSymbol(List<String> lines) {
        java.util.Map<String, Integer> countByAddress = new java.util.HashMap<>();
        for (String line : lines) {
            countByAddress.merge(line.substring(0, 16), 1, Integer::sum);
        }
        return lines.stream()
                .filter(line -> line.charAt(17) == 'T' && !line.contains("\t"))
                .filter(line -> countByAddress.get(line.substring(0, 16)) == 1)
                .skip(100)
                .findFirst()
                .orElseThrow();
    }
}
