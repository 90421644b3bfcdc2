package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Function symbols of one binary, sorted by address, looked up by binary search.
 * An address only gets a name when it lies inside a symbol's {@code [value, value + size)}
 * (or is exactly the start of a symbol without size): a guess from the nearest symbol
 * would name the wrong function in a stripped binary. Immutable but for a cache of demangled names.
 */
public final class SymbolTable {
    /** No symbols: a fully stripped binary. */
    public static final SymbolTable EMPTY = new SymbolTable(new long[0], new long[0], new int[0], PackedNames.EMPTY);

    /** How far back to look for a symbol enclosing the address (nested or overlapping symbols). */
    private static final int ENCLOSING_SCAN = 8;

    private final long[] starts;
    private final long[] sizes;
    /** Where symbol {@code i}'s name starts in {@link #names}. */
    private final int[] nameOffsets;
    private final PackedNames names;
    /**
     * Demangled names, each computed on its first lookup: most symbols are never sampled, and a
     * sampled one is named in every cycle. A race between two threads computes the same string
     * twice, which is harmless (strings are safely published), so there is no lock.
     */
    private final String[] demangledNames;

    private SymbolTable(long[] starts, long[] sizes, int[] nameOffsets, PackedNames names) {
        this.starts = starts;
        this.sizes = sizes;
        this.nameOffsets = nameOffsets;
        this.names = names;
        this.demangledNames = new String[starts.length];
    }

    /** One function symbol as read from the file. */
    record Symbol(long value, long size, String name) {
    }

    /**
     * @param symbols in preference order (earlier wins among symbols at the same address, so
     *                pass {@code .symtab} before {@code .dynsym})
     */
    static SymbolTable of(List<Symbol> symbols) {
        Builder builder = new Builder(symbols.size(), 0);
        for (Symbol symbol : symbols) {
            builder.add(symbol.value(), symbol.size(), MemorySegment.ofArray(symbol.name().getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    /**
     * Collects symbols in preference order (earlier wins among symbols at the same address) into
     * primitive arrays and one {@link PackedNames}: building the table of a big library (~10^5
     * symbols) makes no object per symbol, so it does not flood the heap with short-lived garbage.
     */
    static final class Builder {
        private long[] values;
        private long[] sizes;
        private int[] nameOffsets;
        private int count;
        private final PackedNames.Builder names;

        /** @param symbols how many symbols will come, @param nameBytes their names' bytes (hints: 0 if unknown) */
        Builder(int symbols, int nameBytes) {
            int capacity = Math.max(16, symbols);
            this.values = new long[capacity];
            this.sizes = new long[capacity];
            this.nameOffsets = new int[capacity];
            this.names = new PackedNames.Builder(nameBytes + symbols);
        }

        /** Adds a symbol whose name is the UTF-8 bytes of {@code name} (no terminator). */
        void add(long value, long size, MemorySegment name) {
            if (count == values.length) {
                int capacity = count + (count >> 1);
                values = Arrays.copyOf(values, capacity);
                sizes = Arrays.copyOf(sizes, capacity);
                nameOffsets = Arrays.copyOf(nameOffsets, capacity);
            }
            values[count] = value;
            sizes[count] = size;
            nameOffsets[count] = names.add(name);
            count++;
        }

        SymbolTable build() {
            if (count == 0) {
                return EMPTY;
            }
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            // Stable sort: same-address symbols keep the caller's preference order.
            Arrays.sort(order, Comparator.comparingLong(i -> values[i]));
            int[] unique = new int[count];
            int n = 0;
            for (int index : order) {
                if (n > 0 && values[unique[n - 1]] == values[index]) {
                    if (sizes[unique[n - 1]] == 0 && sizes[index] > 0) {
                        unique[n - 1] = index;
                    }
                    continue;
                }
                unique[n++] = index;
            }
            long[] starts = new long[n];
            long[] uniqueSizes = new long[n];
            int[] offsets = new int[n];
            for (int i = 0; i < n; i++) {
                starts[i] = values[unique[i]];
                uniqueSizes[i] = sizes[unique[i]];
                offsets[i] = nameOffsets[unique[i]];
            }
            return new SymbolTable(starts, uniqueSizes, offsets, names.build());
        }
    }

    private String name(int index) {
        return names.name(nameOffsets[index]);
    }

    /** @return the name of the function holding the link-time address as the file has it, or null when none does */
    public String nameAt(long vaddr) {
        int index = indexAt(vaddr);
        return index < 0 ? null : name(index);
    }

    /**
     * @return the name of the function holding the link-time address as flame graphs show it
     *         ({@link Demangler}: {@code GraphKit::null_check_oop}), or null when none does
     */
    public String demangledNameAt(long vaddr) {
        int index = indexAt(vaddr);
        if (index < 0) {
            return null;
        }
        String demangled = demangledNames[index];
        if (demangled == null) {
            demangled = Demangler.demangle(name(index));
            demangledNames[index] = demangled;
        }
        return demangled;
    }

    private int indexAt(long vaddr) {
        int index = Arrays.binarySearch(starts, vaddr);
        int candidate = index >= 0 ? index : -index - 2;
        for (int i = candidate; i >= 0 && i > candidate - ENCLOSING_SCAN; i--) {
            long offset = vaddr - starts[i];
            if (offset == 0 || Long.compareUnsigned(offset, sizes[i]) < 0) {
                return i;
            }
        }
        return -1;
    }

    /** @return the start address of a function by name (first match), or -1; for tests and tools */
    public long addressOf(String name) {
        for (int i = 0; i < starts.length; i++) {
            if (name(i).equals(name)) {
                return starts[i];
            }
        }
        return -1;
    }

    /** @return how many distinct function addresses are known */
    public int size() {
        return starts.length;
    }
}
