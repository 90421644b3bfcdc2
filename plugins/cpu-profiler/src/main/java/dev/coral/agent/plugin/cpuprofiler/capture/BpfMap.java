package dev.coral.agent.plugin.cpuprofiler.capture;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A BPF map, created and accessed through {@code bpf(2)}; fields per {@code union bpf_attr}. */
final class BpfMap implements AutoCloseable {
    static final int HASH = 1;
    static final int ARRAY = 2;
    static final int STACK_TRACE = 7;
    private static final int BPF_MAP_CREATE = 0;
    private static final int BPF_MAP_LOOKUP_ELEM = 1;
    private static final int BPF_MAP_UPDATE_ELEM = 2;
    private static final int BPF_MAP_DELETE_ELEM = 3;
    private static final int BPF_MAP_GET_NEXT_KEY = 4;
    private static final int BPF_MAP_LOOKUP_AND_DELETE_BATCH = 25;
    private static final int ENOENT = 2;

    private final Syscalls syscalls;
    private final int fd;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;

    BpfMap(Syscalls syscalls, String name, int type, int keySize, int valueSize, int maxEntries) {
        this.syscalls = syscalls;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Syscalls.BPF_ATTR_SIZE, 8);
            attr.set(JAVA_INT, 0, type);
            attr.set(JAVA_INT, 4, keySize);
            attr.set(JAVA_INT, 8, valueSize);
            attr.set(JAVA_INT, 12, maxEntries);
            this.fd = (int) syscalls.bpf("BPF_MAP_CREATE " + name, BPF_MAP_CREATE, attr);
        }
    }

    int fd() {
        return fd;
    }

    int keySize() {
        return keySize;
    }

    int valueSize() {
        return valueSize;
    }

    int maxEntries() {
        return maxEntries;
    }

    /** Copies the value of {@code key} into {@code value}; false when there is none. */
    boolean lookup(MemorySegment key, MemorySegment value) {
        try {
            elementOp("BPF_MAP_LOOKUP_ELEM", BPF_MAP_LOOKUP_ELEM, key, value, 0);
            return true;
        } catch (SyscallException e) {
            if (e.errno() == ENOENT) {
                return false;
            }
            throw e;
        }
    }

    void update(MemorySegment key, MemorySegment value) {
        elementOp("BPF_MAP_UPDATE_ELEM", BPF_MAP_UPDATE_ELEM, key, value, 0);
    }

    /** Deletes {@code key}; absent keys are fine. */
    void delete(MemorySegment key) {
        try {
            elementOp("BPF_MAP_DELETE_ELEM", BPF_MAP_DELETE_ELEM, key, MemorySegment.NULL, 0);
        } catch (SyscallException e) {
            if (e.errno() != ENOENT) {
                throw e;
            }
        }
    }

    /** Deletes every entry: the keys are listed first, as deleting restarts the kernel's walk. */
    int deleteAll() {
        java.util.List<MemorySegment> all = new java.util.ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Syscalls.BPF_ATTR_SIZE, 8);
            MemorySegment previous = MemorySegment.NULL;
            while (true) {
                MemorySegment next = arena.allocate(keySize, 8);
                attr.fill((byte) 0);
                attr.set(JAVA_INT, 0, fd);
                attr.set(ADDRESS, 8, previous);
                attr.set(ADDRESS, 16, next);
                try {
                    syscalls.bpf("BPF_MAP_GET_NEXT_KEY", BPF_MAP_GET_NEXT_KEY, attr);
                } catch (SyscallException e) {
                    if (e.errno() == ENOENT) {
                        break; // past the last key
                    }
                    throw e;
                }
                all.add(next);
                previous = next;
            }
            all.forEach(this::delete);
        }
        return all.size();
    }

    /**
     * Moves every entry out of a hash map in batches: the kernel returns -1/ENOENT with the
     * last batch, so the count is read before the error. Keys and values are packed in
     * {@code keys} and {@code values}, which must hold {@link #maxEntries()} of each.
     *
     * @return how many entries were moved
     */
    int lookupAndDeleteAll(Arena arena, MemorySegment keys, MemorySegment values) {
        MemorySegment attr = arena.allocate(Syscalls.BPF_ATTR_SIZE, 8);
        MemorySegment inBatch = arena.allocate(8, 8);
        MemorySegment outBatch = arena.allocate(8, 8);
        int total = 0;
        boolean first = true;
        while (total < maxEntries) {
            attr.fill((byte) 0);
            attr.set(ADDRESS, 0, first ? MemorySegment.NULL : inBatch);
            attr.set(ADDRESS, 8, outBatch);
            attr.set(ADDRESS, 16, keys.asSlice((long) total * keySize));
            attr.set(ADDRESS, 24, values.asSlice((long) total * valueSize));
            attr.set(JAVA_INT, 32, maxEntries - total);
            attr.set(JAVA_INT, 36, fd);
            boolean done = false;
            try {
                syscalls.bpf("BPF_MAP_LOOKUP_AND_DELETE_BATCH", BPF_MAP_LOOKUP_AND_DELETE_BATCH, attr);
            } catch (SyscallException e) {
                if (e.errno() != ENOENT) {
                    throw e;
                }
                done = true;
            }
            total += attr.get(JAVA_INT, 32);
            if (done) {
                break;
            }
            MemorySegment.copy(outBatch, 0, inBatch, 0, 8);
            first = false;
        }
        return total;
    }

    private void elementOp(String what, int cmd, MemorySegment key, MemorySegment value, long flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Syscalls.BPF_ATTR_SIZE, 8);
            attr.set(JAVA_INT, 0, fd);
            attr.set(ADDRESS, 8, key);
            attr.set(ADDRESS, 16, value);
            attr.set(JAVA_LONG, 24, flags);
            syscalls.bpf(what, cmd, attr);
        }
    }

    @Override
    public void close() {
        syscalls.close(fd);
    }
}
