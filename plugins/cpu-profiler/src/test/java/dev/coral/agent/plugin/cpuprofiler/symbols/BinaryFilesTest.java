package dev.coral.agent.plugin.cpuprofiler.symbols;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Symbol tables outlive their last process for a few cycles, so recurring short-lived programs are read once. */
class BinaryFilesTest {
    private static final Path PROC = Path.of("/proc");

    @Test
    void aTableStaysSomeCyclesAfterItsLastUseAndIsSharedByTheNextProcess() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        MemoryMapping libjvm = ProcessMaps.read(PROC, self, ProcessMaps.startTime(PROC, self)).mappings().stream()
                .filter(m -> m.isExecutable() && m.path().endsWith("/libjvm.so")).findFirst().orElseThrow();
        BinaryFiles files = new BinaryFiles(PROC, Path.of("/usr/lib/debug"));
        Binary first = files.binaryOf(self, libjvm).orElseThrow();
        String id = first.buildId();

        for (int cycle = 1; cycle <= BinaryFiles.KEEP_UNUSED_CYCLES; cycle++) {
            files.forget(self);
            files.retainBuildIds(Set.of());
            assertThat(files.cachedBuildIds()).as("after %d unused cycles", cycle).contains(id);
        }
        // Seen again (a new process of the same program): the very same table, not a second read.
        assertThat(files.binaryOf(self, libjvm).orElseThrow().symbols()).isSameAs(first.symbols());
        files.retainBuildIds(Set.of(id));
        for (int cycle = 0; cycle <= BinaryFiles.KEEP_UNUSED_CYCLES; cycle++) {
            files.forget(self);
            files.retainBuildIds(Set.of());
        }
        assertThat(files.cachedBuildIds()).doesNotContain(id);
    }
}
