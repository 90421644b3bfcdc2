package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Kernel text symbols from {@code /proc/kallsyms}, sorted, looked up by binary search. Immutable.
 * When every address reads as zero ({@code kernel.kptr_restrict} hides them from this process)
 * the table is {@linkplain #restricted() restricted} and names nothing. The table stays for the
 * agent's life, so its ~10^5 names (~3 MB) are moved out of the heap ({@link SpilledNames}) and
 * read back when a sample first needs one; the names read are kept. Not thread-safe.
 */
public final class KernelSymbols {
    private static final KernelSymbols RESTRICTED = new KernelSymbols(new long[0], new int[0], PackedNames.EMPTY, true);

    private final long[] starts;
    /** Where symbol {@code i}'s name starts in {@link #names}. */
    private final int[] nameOffsets;
    private final SymbolNames names;
    private final Map<Integer, String> namesRead = new HashMap<>();
    private final boolean restricted;

    private KernelSymbols(long[] starts, int[] nameOffsets, SymbolNames names, boolean restricted) {
        this.starts = starts;
        this.nameOffsets = nameOffsets;
        this.names = names;
        this.restricted = restricted;
    }

    /** Reads a kallsyms file; an unreadable one gives a restricted table (no kernel names). */
    public static KernelSymbols read(Path kallsyms) {
        long[] addresses = new long[1 << 16];
        int[] offsets = new int[1 << 16];
        int count = 0;
        PackedNames.Builder symbolNames = new PackedNames.Builder(1 << 20);
        boolean sawNonZero = false;
        try (BufferedReader reader = Files.newBufferedReader(kallsyms)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                // "ffffffff81000000 T _stext" or "ffffffffc0a01000 t fn\t[module]"
                int first = line.indexOf(' ');
                if (first <= 0 || line.length() < first + 4) {
                    continue;
                }
                char type = Character.toLowerCase(line.charAt(first + 1));
                if (type != 't' && type != 'w') {
                    continue; // only code: stacks hold code addresses
                }
                long address;
                try {
                    address = Long.parseUnsignedLong(line, 0, first, 16);
                } catch (NumberFormatException e) {
                    continue;
                }
                sawNonZero |= address != 0;
                String rest = line.substring(first + 3);
                int tab = rest.indexOf('\t');
                String name = tab < 0 ? rest : rest.substring(0, tab) + " " + rest.substring(tab + 1).strip();
                if (count == addresses.length) {
                    addresses = Arrays.copyOf(addresses, count * 2);
                    offsets = Arrays.copyOf(offsets, count * 2);
                }
                addresses[count] = address;
                offsets[count] = symbolNames.add(name);
                count++;
            }
        } catch (IOException e) {
            return RESTRICTED;
        }
        if (!sawNonZero) {
            return RESTRICTED;
        }
        // Signed, as Arrays.binarySearch below.
        int[] order = AddressOrder.of(addresses, count);
        long[] starts = new long[count];
        int[] nameOffsets = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = addresses[order[i]];
            nameOffsets[i] = offsets[order[i]];
        }
        return new KernelSymbols(starts, nameOffsets, SpilledNames.of(symbolNames.build()), false);
    }

    /** @return whether kernel addresses are hidden from us, so no kernel frame can be named */
    public boolean restricted() {
        return restricted;
    }

    /**
     * @return the symbol whose range (up to the next symbol) holds the address, or null when the
     *         table is restricted or the address lies before the first or after the last symbol
     */
    public String nameAt(long address) {
        if (restricted || starts.length == 0) {
            return null;
        }
        int index = Arrays.binarySearch(starts, address);
        int candidate = index >= 0 ? index : -index - 2;
        if (candidate < 0 || candidate == starts.length - 1 && address != starts[candidate]) {
            return null; // after the last symbol there is no known end: do not guess
        }
        String name = namesRead.get(candidate);
        if (name == null) {
            name = names.name(nameOffsets[candidate]);
            if (name != null) {
                namesRead.put(candidate, name);
            }
        }
        return name;
    }

    /** Releases the file the names are read from (after a reread replaced this table). */
    public void close() {
        names.close();
    }
}
