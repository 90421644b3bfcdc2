package dev.coral.agent.plugin.cpuprofiler.symbols;

/**
 * A {@code PT_LOAD} program header: the file bytes {@code [offset, offset + fileSize)} are mapped
 * at the link-time address {@code vaddr}.
 *
 * @param vaddr    link-time virtual address of the segment
 * @param offset   file offset of the segment
 * @param fileSize bytes of the file the segment maps
 * @param flags    {@code PF_X} (1), {@code PF_W} (2), {@code PF_R} (4)
 */
public record LoadSegment(long vaddr, long offset, long fileSize, int flags) {
    /** {@code PF_X}: the segment holds code. */
    public static final int EXECUTABLE = 1;

    /** @return whether the file offset lies inside the bytes this segment maps */
    public boolean containsFileOffset(long fileOffset) {
        return fileOffset >= offset && fileOffset - offset < fileSize;
    }

    /** @return the link-time address of a file offset inside this segment */
    public long vaddrOf(long fileOffset) {
        return fileOffset - offset + vaddr;
    }
}
