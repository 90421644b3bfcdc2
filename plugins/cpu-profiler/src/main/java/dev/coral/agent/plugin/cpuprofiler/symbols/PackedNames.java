package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Many names in one byte array, each UTF-8 and NUL-terminated (as ELF string tables and
 * {@code /proc/kallsyms} names have no NUL inside), addressed by offset. A symbol table holds
 * ~10^5 names of which a profile reads a few hundred: one array instead of a String per name
 * keeps ~40 bytes of object headers per name off the heap, and the garbage of building it small.
 * Immutable once built.
 */
final class PackedNames implements SymbolNames {
    static final PackedNames EMPTY = new PackedNames(new byte[0]);

    private final byte[] bytes;

    private PackedNames(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @return the name starting at {@code offset} (an offset {@link Builder#add} returned) */
    @Override
    public String name(int offset) {
        int end = offset;
        while (bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        // on the heap: nothing to release
    }

    /** Appends names; sized up front when the caller knows the total, else grows by half. */
    static final class Builder implements NameWriter {
        private byte[] bytes;
        private int length;

        /** @param capacity the bytes of all names to come with their terminators, if known (a hint) */
        Builder(int capacity) {
            this.bytes = new byte[Math.max(16, capacity)];
        }

        /** @return the offset of the name just added */
        int add(MemorySegment name) {
            int n = Math.toIntExact(name.byteSize());
            ensure(n + 1);
            MemorySegment.copy(name, ValueLayout.JAVA_BYTE, 0, bytes, length, n);
            int offset = length;
            length += n;
            bytes[length++] = 0;
            return offset;
        }

        /** @return the offset of the name just added */
        int add(String name) {
            return add(MemorySegment.ofArray(name.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public int add(byte[] name, int from, int n) {
            ensure(n + 1);
            System.arraycopy(name, from, bytes, length, n);
            int offset = length;
            length += n;
            bytes[length++] = 0;
            return offset;
        }

        PackedNames build() {
            return new PackedNames(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
        }

        @Override
        public SymbolNames finish() {
            return build();
        }

        @Override
        public void discard() {
            // garbage once unreferenced
        }

        private void ensure(int more) {
            if (bytes.length - length < more) {
                bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length + (bytes.length >> 1)));
            }
        }
    }
}
