package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Function symbols of one binary, sorted by address, looked up by binary search.
 * An address only gets a name when it lies inside a symbol's {@code [value, value + size)}
 * (or is exactly the start of a symbol without size): a guess from the nearest symbol
 * would name the wrong function in a stripped binary. Immutable but for a cache of demangled names.
 *
 * <p>The table stays in the agent's heap while its binary is in use, so it holds per symbol only
 * ~12 bytes: its start (relative to the lowest one), its size and a reference to its name, which
 * {@link SymbolNames} reads when the symbol is first sampled (from the ELF file, for files).
 */
public final class SymbolTable implements AutoCloseable {
    /** No symbols: a fully stripped binary. */
    public static final SymbolTable EMPTY = new Builder(0, 0).build();

    /** How far back to look for a symbol enclosing the address (nested or overlapping symbols). */
    private static final int ENCLOSING_SCAN = 8;
    /** Sizes are kept as unsigned ints; a larger one (garbage, in practice) is cut to this. */
    private static final long MAX_SIZE = 0xffff_ffffL;

    private final long base;
    /** Starts minus {@link #base}, when every start is within 2^31 bytes of it (else null). */
    private final int[] nearStarts;
    /** The starts themselves, when they span more than 2^31 bytes (else null). */
    private final long[] farStarts;
    private final int count;
    /** Unsigned. */
    private final int[] sizes;
    private final int[] nameReferences;
    private final SymbolNames names;
    /**
     * Demangled names, each computed on its first lookup and kept: most symbols are never
     * sampled, and a sampled one is named in every cycle.
     */
    private final Map<Integer, String> demangledNames = new ConcurrentHashMap<>();

    private SymbolTable(long[] starts, long[] sizes, int[] nameReferences, SymbolNames names) {
        this.count = starts.length;
        this.base = count == 0 ? 0 : starts[0];
        boolean near = count == 0 || starts[count - 1] - base >= 0 && starts[count - 1] - base <= Integer.MAX_VALUE;
        this.nearStarts = near ? new int[count] : null;
        this.farStarts = near ? null : starts;
        this.sizes = new int[count];
        for (int i = 0; i < count; i++) {
            if (near) {
                nearStarts[i] = (int) (starts[i] - base);
            }
            this.sizes[i] = (int) (Long.compareUnsigned(sizes[i], MAX_SIZE) > 0 ? MAX_SIZE : sizes[i]);
        }
        this.nameReferences = nameReferences;
        this.names = names;
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
     * primitive arrays: building the table of a big library (~10^5 symbols) allocates no object per
     * symbol. Names are either copied into one {@link PackedNames} or, with {@link FileNames},
     * only referenced by their file offsets.
     */
    static final class Builder {
        private long[] values;
        private long[] sizes;
        private int[] nameReferences;
        private int count;
        private final PackedNames.Builder packed;
        private final FileNames inFile;

        /** Names copied to the heap. @param symbols how many symbols will come, @param nameBytes their names' bytes (hints: 0 if unknown) */
        Builder(int symbols, int nameBytes) {
            this(symbols, new PackedNames.Builder(nameBytes + symbols), null);
        }

        /** Names read from the file when asked for. @param symbols how many symbols will come (a hint) */
        Builder(int symbols, FileNames names) {
            this(symbols, null, names);
        }

        private Builder(int symbols, PackedNames.Builder packed, FileNames inFile) {
            int capacity = Math.max(16, symbols);
            this.values = new long[capacity];
            this.sizes = new long[capacity];
            this.nameReferences = new int[capacity];
            this.packed = packed;
            this.inFile = inFile;
        }

        /** Adds a symbol whose name is the UTF-8 bytes of {@code name} (no terminator); only without {@link FileNames}. */
        void add(long value, long size, MemorySegment name) {
            add(value, size, packed.add(name));
        }

        /** Adds a symbol whose name is at {@code reference}: a file offset with {@link FileNames}, else from {@link PackedNames.Builder#add}. */
        void add(long value, long size, int reference) {
            if (count == values.length) {
                int capacity = count + (count >> 1);
                values = Arrays.copyOf(values, capacity);
                sizes = Arrays.copyOf(sizes, capacity);
                nameReferences = Arrays.copyOf(nameReferences, capacity);
            }
            values[count] = value;
            sizes[count] = size;
            nameReferences[count] = reference;
            count++;
        }

        SymbolTable build() {
            SymbolNames names = inFile != null ? inFile : packed.build();
            // Stable: same-address symbols keep the caller's preference order.
            int[] order = AddressOrder.of(values, count);
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
            int[] references = new int[n];
            for (int i = 0; i < n; i++) {
                starts[i] = values[unique[i]];
                uniqueSizes[i] = sizes[unique[i]];
                references[i] = nameReferences[unique[i]];
            }
            return new SymbolTable(starts, uniqueSizes, references, names);
        }
    }

    private String name(int index) {
        return names.name(nameReferences[index]);
    }

    /** @return the name of the function holding the link-time address as the file has it, or null when none does */
    public String nameAt(long vaddr) {
        int index = indexAt(vaddr);
        return index < 0 ? null : name(index);
    }

    /**
     * @return the name of the function holding the link-time address as flame graphs show it
     *         ({@link Demangler}: {@code GraphKit::null_check_oop}), or null when none does (or
     *         its name cannot be read any more: the file changed)
     */
    public String demangledNameAt(long vaddr) {
        int index = indexAt(vaddr);
        if (index < 0) {
            return null;
        }
        String demangled = demangledNames.get(index);
        if (demangled == null) {
            String name = name(index);
            if (name == null) {
                return null;
            }
            demangled = Demangler.demangle(name);
            String raced = demangledNames.putIfAbsent(index, demangled);
            demangled = raced != null ? raced : demangled;
        }
        return demangled;
    }

    private long startAt(int i) {
        return nearStarts != null ? base + nearStarts[i] : farStarts[i];
    }

    private int indexAt(long vaddr) {
        // the last start <= vaddr (signed, as the starts are sorted)
        int low = 0;
        int high = count - 1;
        int candidate = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (startAt(middle) <= vaddr) {
                candidate = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        for (int i = candidate; i >= 0 && i > candidate - ENCLOSING_SCAN; i--) {
            long offset = vaddr - startAt(i);
            if (offset == 0 || Long.compareUnsigned(offset, Integer.toUnsignedLong(sizes[i])) < 0) {
                return i;
            }
        }
        return -1;
    }

    /** @return the start address of a function by name (first match), or -1; for tests and tools */
    public long addressOf(String name) {
        for (int i = 0; i < count; i++) {
            if (name.equals(name(i))) {
                return startAt(i);
            }
        }
        return -1;
    }

    /** @return how many distinct function addresses are known */
    public int size() {
        return count;
    }

    /** Releases the file the names are read from: call when the table is dropped (names not yet read are null then). */
    @Override
    public void close() {
        names.close();
    }
}
