package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
        SpilledNames spilled;
        try {
            spilled = SpilledNames.create();
        } catch (IOException | RuntimeException e) {
            return read(kallsyms, new PackedNames.Builder(1 << 20));
        }
        try {
            return read(kallsyms, spilled);
        } catch (UncheckedIOException e) {
            spilled.discard(); // the temp file's disk is full: names on the heap then
            return read(kallsyms, new PackedNames.Builder(1 << 20));
        }
    }

    /**
     * Parses the file as bytes, a line at a time ("ffffffff81000000 T _stext" or
     * "ffffffffc0a01000 t fn\t[module]"): ~10^5 lines make no String each.
     */
    private static KernelSymbols read(Path kallsyms, NameWriter names) {
        long[] addresses = new long[1 << 16];
        int[] offsets = new int[1 << 16];
        int count = 0;
        boolean sawNonZero = false;
        byte[] line = new byte[512];
        byte[] name = new byte[512];
        byte[] chunk = new byte[1 << 16];
        int position = 0;
        int limit = 0;
        try (InputStream in = Files.newInputStream(kallsyms)) {
            while (true) {
                int length = 0;
                boolean end = false;
                while (true) {
                    if (position == limit) {
                        limit = Math.max(0, in.read(chunk));
                        position = 0;
                        if (limit == 0) {
                            end = true;
                            break;
                        }
                    }
                    byte b = chunk[position++];
                    if (b == '\n') {
                        break;
                    }
                    if (length == line.length) {
                        line = Arrays.copyOf(line, length * 2);
                    }
                    line[length++] = b;
                }
                if (end && length == 0) {
                    break;
                }
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                int first = indexOf(line, 0, length, ' ');
                if (first <= 0 || length < first + 4) {
                    continue;
                }
                int type = Character.toLowerCase(line[first + 1]);
                if (type != 't' && type != 'w') {
                    continue; // only code: stacks hold code addresses
                }
                if (first > 16 || !isHex(line, first)) {
                    continue; // not an address
                }
                long address = parseHex(line, first);
                sawNonZero |= address != 0;
                // Module symbols read "name [module]": the name, a space, the module.
                int from = first + 3;
                int tab = indexOf(line, from, length, '\t');
                int nameLength = (tab < 0 ? length : tab) - from;
                if (name.length < length) {
                    name = new byte[line.length];
                }
                System.arraycopy(line, from, name, 0, nameLength);
                if (tab >= 0) {
                    int moduleFrom = tab + 1;
                    int moduleTo = length;
                    while (moduleFrom < moduleTo && isBlank(line[moduleFrom])) {
                        moduleFrom++;
                    }
                    while (moduleTo > moduleFrom && isBlank(line[moduleTo - 1])) {
                        moduleTo--;
                    }
                    name[nameLength++] = ' ';
                    System.arraycopy(line, moduleFrom, name, nameLength, moduleTo - moduleFrom);
                    nameLength += moduleTo - moduleFrom;
                }
                if (count == addresses.length) {
                    addresses = Arrays.copyOf(addresses, count * 2);
                    offsets = Arrays.copyOf(offsets, count * 2);
                }
                addresses[count] = address;
                offsets[count] = names.add(name, 0, nameLength);
                count++;
            }
        } catch (IOException e) {
            names.discard();
            return RESTRICTED;
        }
        if (!sawNonZero) {
            names.discard();
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
        return new KernelSymbols(starts, nameOffsets, names.finish(), false);
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

    private static int indexOf(byte[] bytes, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }

    private static boolean isHex(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (Character.digit(bytes[i], 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** @return the number of (at most 16) hex digits {@code bytes[0, length)} */
    private static long parseHex(byte[] bytes, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 4 | Character.digit(bytes[i], 16);
        }
        return value;
    }

    /** Releases the file the names are read from (after a reread replaced this table). */
    public void close() {
        names.close();
    }
}
