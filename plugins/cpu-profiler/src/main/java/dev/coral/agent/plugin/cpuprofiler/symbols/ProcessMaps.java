package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The memory mappings of one process at one moment, sorted by start address. Immutable.
 *
 * @param pid       the process
 * @param startTime its start time in clock ticks after boot (field 22 of {@code /proc/<pid>/stat}),
 *                  which tells a process from a later one that reuses its pid
 * @param mappings  sorted by start address
 */
public record ProcessMaps(int pid, long startTime, List<MemoryMapping> mappings) {

    /** @return the mapping holding the address, if any */
    public Optional<MemoryMapping> find(long address) {
        int low = 0;
        int high = mappings.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            MemoryMapping mapping = mappings.get(middle);
            if (Long.compareUnsigned(address, mapping.start()) < 0) {
                high = middle - 1;
            } else if (Long.compareUnsigned(address, mapping.end()) >= 0) {
                low = middle + 1;
            } else {
                return Optional.of(mapping);
            }
        }
        return Optional.empty();
    }

    /** Reads {@code <proc>/<pid>/maps}; throws when the process is gone. */
    static ProcessMaps read(Path proc, int pid, long startTime) throws IOException {
        List<MemoryMapping> mappings = new ArrayList<>();
        for (String line : Files.readAllLines(proc.resolve(Integer.toString(pid)).resolve("maps"))) {
            MemoryMapping.parse(line).ifPresent(mappings::add);
        }
        mappings.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        return new ProcessMaps(pid, startTime, List.copyOf(mappings));
    }

    /**
     * @return the start time of a live process (field 22 of {@code stat}), or -1 when it is gone.
     *         Fields are counted after the last ')' because the command name may hold spaces.
     */
    static long startTime(Path proc, int pid) {
        try {
            String stat = Files.readString(proc.resolve(Integer.toString(pid)).resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[22 - 3]); // fields[0] is field 3 (state)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
