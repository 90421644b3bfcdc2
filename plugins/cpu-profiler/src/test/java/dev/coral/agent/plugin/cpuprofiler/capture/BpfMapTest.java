package dev.coral.agent.plugin.cpuprofiler.capture;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Map operations against the kernel: batch drain (ENOENT on the last batch) and sweep. */
class BpfMapTest {
    @Test
    void batchDrainMovesEveryEntryAndDeleteAllEmptiesTheMap() {
        Syscalls syscalls = new Syscalls();
        BpfMap map;
        try {
            map = new BpfMap(syscalls, "test", BpfMap.HASH, 4, 8, 64);
        } catch (SyscallException e) {
            System.out.println("SKIP: BPF refused here: " + e.getMessage());
            assumeTrue(false, e.getMessage());
            return;
        }
        try (map; Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(4, 4);
            MemorySegment value = arena.allocate(8, 8);
            for (int i = 0; i < 40; i++) {
                key.set(JAVA_INT, 0, i);
                value.set(JAVA_LONG, 0, i * 10L);
                map.update(key, value);
            }
            MemorySegment keys = arena.allocate(64 * 4L, 8);
            MemorySegment values = arena.allocate(64 * 8L, 8);

            assertThat(map.lookupAndDeleteAll(arena, keys, values)).isEqualTo(40);
            for (int i = 0; i < 40; i++) {
                assertThat(values.getAtIndex(JAVA_LONG, i)).isEqualTo(keys.getAtIndex(JAVA_INT, i) * 10L);
            }
            assertThat(map.lookupAndDeleteAll(arena, keys, values)).isZero();

            for (int i = 0; i < 5; i++) {
                key.set(JAVA_INT, 0, i);
                map.update(key, value);
            }
            assertThat(map.deleteAll()).isEqualTo(5);
            assertThat(map.deleteAll()).isZero();
        }
    }
}
