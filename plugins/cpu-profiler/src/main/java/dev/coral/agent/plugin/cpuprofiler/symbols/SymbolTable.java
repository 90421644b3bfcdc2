package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    public static final SymbolTable EMPTY = new SymbolTable(new long[0], new long[0], new byte[0], new int[] {0});

    /** How far back to look for a symbol enclosing the address (nested or overlapping symbols). */
    private static final int ENCLOSING_SCAN = 8;

    private final long[] starts;
    private final long[] sizes;
    /**
     * Every name's UTF-8 bytes end to end; name {@code i} is {@code [nameStarts[i], nameStarts[i + 1])}.
     * A big library has ~10^5 symbols of which a profile names a few hundred: one array instead of
     * a String per symbol keeps ~40 bytes of headers per symbol off the heap.
     */
    private final byte[] nameBytes;
    private final int[] nameStarts;
    /**
     * Demangled names, each computed on its first lookup: most symbols are never sampled, and a
     * sampled one is named in every cycle. A race between two threads computes the same string
     * twice, which is harmless (strings are safely published), so there is no lock.
     */
    private final String[] demangledNames;

    private SymbolTable(long[] starts, long[] sizes, byte[] nameBytes, int[] nameStarts) {
        this.starts = starts;
        this.sizes = sizes;
        this.nameBytes = nameBytes;
        this.nameStarts = nameStarts;
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
        List<Symbol> sorted = new ArrayList<>(symbols);
        // Stable sort: same-address symbols keep the caller's preference order.
        sorted.sort(Comparator.comparingLong(Symbol::value));
        List<Symbol> unique = new ArrayList<>(sorted.size());
        for (Symbol symbol : sorted) {
            if (!unique.isEmpty() && unique.getLast().value() == symbol.value()) {
                if (unique.getLast().size() == 0 && symbol.size() > 0) {
                    unique.set(unique.size() - 1, symbol);
                }
                continue;
            }
            unique.add(symbol);
        }
        long[] starts = new long[unique.size()];
        long[] sizes = new long[unique.size()];
        int[] nameStarts = new int[unique.size() + 1];
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        for (int i = 0; i < unique.size(); i++) {
            starts[i] = unique.get(i).value();
            sizes[i] = unique.get(i).size();
            names.writeBytes(unique.get(i).name().getBytes(StandardCharsets.UTF_8));
            nameStarts[i + 1] = names.size();
        }
        return new SymbolTable(starts, sizes, names.toByteArray(), nameStarts);
    }

    private String name(int index) {
        return new String(nameBytes, nameStarts[index], nameStarts[index + 1] - nameStarts[index], StandardCharsets.UTF_8);
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
