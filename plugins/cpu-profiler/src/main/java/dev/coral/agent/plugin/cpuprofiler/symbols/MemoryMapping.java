package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/maps}.
 *
 * @param start  first address of the mapping
 * @param end    first address after it
 * @param perms  e.g. {@code r-xp}
 * @param offset file offset mapped at {@code start} ({@code pgoff})
 * @param inode  inode of the file, 0 for anonymous mappings
 * @param path   the file, a pseudo name like {@code [vdso]}, or empty for anonymous memory
 */
public record MemoryMapping(long start, long end, String perms, long offset, long inode, String path) {

    /** @return whether the address lies inside the mapping */
    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    /** @return the file offset of an address inside the mapping: {@code addr - start + pgoff} */
    public long fileOffsetOf(long address) {
        return address - start + offset;
    }

    /** @return whether a file backs the mapping (not anonymous, not {@code [heap]}, {@code [vdso]}...) */
    public boolean isFile() {
        return inode != 0 && path.startsWith("/");
    }

    /** @return whether the mapping is executable */
    public boolean isExecutable() {
        return perms.length() > 2 && perms.charAt(2) == 'x';
    }

    /** @return the last component of the path, used in {@code [binary+0x...]} frames */
    public String fileName() {
        String clean = path.endsWith(" (deleted)") ? path.substring(0, path.length() - 10) : path;
        int slash = clean.lastIndexOf('/');
        return slash >= 0 ? clean.substring(slash + 1) : clean;
    }

    /**
     * Parses one maps line; lines that do not parse give empty (the kernel's format is fixed, but
     * a truncated read must not throw).
     */
    static Optional<MemoryMapping> parse(String line) {
        try {
            int dash = line.indexOf('-');
            int[] fieldEnds = new int[5];
            int at = 0;
            for (int i = 0; i < 5; i++) {
                at = line.indexOf(' ', at + 1);
                if (at < 0 && i == 4) {
                    at = line.length(); // anonymous memory: the line ends after the inode
                } else if (at < 0) {
                    return Optional.empty();
                }
                fieldEnds[i] = at;
            }
            long start = Long.parseUnsignedLong(line, 0, dash, 16);
            long end = Long.parseUnsignedLong(line, dash + 1, fieldEnds[0], 16);
            String perms = line.substring(fieldEnds[0] + 1, fieldEnds[1]);
            long offset = Long.parseUnsignedLong(line, fieldEnds[1] + 1, fieldEnds[2], 16);
            long inode = Long.parseUnsignedLong(line, fieldEnds[3] + 1, fieldEnds[4], 10);
            String path = line.substring(fieldEnds[4]).strip();
            return Optional.of(new MemoryMapping(start, end, perms, offset, inode, path));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
