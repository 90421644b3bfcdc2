package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Kernel text symbols from {@code /proc/kallsyms}, sorted, looked up by binary search. Immutable.
 * When every address reads as zero ({@code kernel.kptr_restrict} hides them from this process)
 * the table is {@linkplain #restricted() restricted} and names nothing.
 */
public final class KernelSymbols {
    private final long[] starts;
    private final String[] names;
    private final boolean restricted;

    private KernelSymbols(long[] starts, String[] names, boolean restricted) {
        this.starts = starts;
        this.names = names;
        this.restricted = restricted;
    }

    /** Reads a kallsyms file; an unreadable one gives a restricted table (no kernel names). */
    public static KernelSymbols read(Path kallsyms) {
        List<long[]> addresses = new ArrayList<>();
        List<String> symbolNames = new ArrayList<>();
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
                addresses.add(new long[] {address, symbolNames.size()});
                symbolNames.add(name);
            }
        } catch (IOException e) {
            return new KernelSymbols(new long[0], new String[0], true);
        }
        if (!sawNonZero) {
            return new KernelSymbols(new long[0], new String[0], true);
        }
        addresses.sort((a, b) -> Long.compare(a[0], b[0])); // signed, as Arrays.binarySearch below
        long[] starts = new long[addresses.size()];
        String[] names = new String[addresses.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = addresses.get(i)[0];
            names[i] = symbolNames.get((int) addresses.get(i)[1]);
        }
        return new KernelSymbols(starts, names, false);
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
        return names[candidate];
    }
}
