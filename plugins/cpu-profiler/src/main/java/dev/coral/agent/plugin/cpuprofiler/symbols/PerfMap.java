package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A JIT's perf map ({@code /tmp/perf-<pid>.map}: lines {@code START SIZE name}, hex, as written by
 * Node's {@code --perf-basic-prof} or {@code jcmd <pid> Compiler.perfmap}). Immutable; the file
 * grows as code is compiled, so the {@link Symbolizer} rereads it when it changes.
 */
public final class PerfMap {
    /** No perf map: the process has none, or we cannot read it. */
    public static final PerfMap EMPTY = new PerfMap(new long[0], new long[0], new String[0]);

    private final long[] starts;
    private final long[] sizes;
    private final String[] names;

    private PerfMap(long[] starts, long[] sizes, String[] names) {
        this.starts = starts;
        this.sizes = sizes;
        this.names = names;
    }

    /** Reads a perf map; malformed lines are skipped. */
    public static PerfMap read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int first = line.indexOf(' ');
                int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
                if (second < 0) {
                    continue;
                }
                try {
                    long start = Long.parseUnsignedLong(stripHexPrefix(line.substring(0, first)), 16);
                    long size = Long.parseUnsignedLong(stripHexPrefix(line.substring(first + 1, second)), 16);
                    entries.add(new Entry(start, size, line.substring(second + 1).strip()));
                } catch (NumberFormatException e) {
                    // a line being written while we read, or garbage: skip it
                }
            }
        }
        // Later lines win for the same start: JITs reuse code memory, and append the new owner.
        List<Entry> unique = new ArrayList<>();
        entries.sort((a, b) -> Long.compareUnsigned(a.start, b.start));
        for (Entry entry : entries) {
            if (!unique.isEmpty() && unique.getLast().start == entry.start) {
                unique.set(unique.size() - 1, entry);
            } else {
                unique.add(entry);
            }
        }
        long[] starts = new long[unique.size()];
        long[] sizes = new long[unique.size()];
        String[] names = new String[unique.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = unique.get(i).start;
            sizes[i] = unique.get(i).size;
            names[i] = unique.get(i).name;
        }
        return new PerfMap(starts, sizes, names);
    }

    /** @return the name of the code range holding the address, or null */
    public String nameAt(long address) {
        // User-space addresses are below 2^63, so signed order is unsigned order here.
        int index = Arrays.binarySearch(starts, address);
        int candidate = index >= 0 ? index : -index - 2;
        if (candidate < 0) {
            return null;
        }
        long offset = address - starts[candidate];
        return Long.compareUnsigned(offset, sizes[candidate]) < 0 ? names[candidate] : null;
    }

    /** @return how many code ranges are known */
    public int size() {
        return starts.length;
    }

    private record Entry(long start, long size, String name) {
    }

    private static String stripHexPrefix(String hex) {
        return hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    }
}
