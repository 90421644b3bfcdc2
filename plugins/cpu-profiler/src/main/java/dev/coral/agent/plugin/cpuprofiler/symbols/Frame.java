package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.util.Objects;

/**
 * One symbolized stack frame. Immutable. Its identity for a frame dictionary is
 * (kind, build id, file offset, name) for native code, the name for kernel and JIT frames.
 *
 * @param name       the function, or {@code [binary+0xoffset]} for a binary without a symbol
 *                   there, {@code [kernel 0x...]} when kernel addresses are hidden, {@code [unknown]}
 * @param kind       where the code lives
 * @param buildId    the binary's build id (lowercase hex), empty when not native or unreadable
 * @param binary     path of the mapped file as the process sees it ({@code [vdso]} etc. for pseudo
 *                   files), {@code [kernel]} or a kernel module name for kernel frames, empty otherwise
 * @param fileOffset offset of the address in the binary, stable across processes and restarts;
 *                   -1 when there is no file
 */
public record Frame(String name, Kind kind, String buildId, String binary, long fileOffset) {

    /** Where a frame's code lives. */
    public enum Kind {
        /** Code from a mapped ELF file (or the vdso). */
        NATIVE,
        /** Kernel code. */
        KERNEL,
        /** Code a JIT wrote, named by the process's perf map. */
        JIT,
        /** An address we cannot attribute: kept visible rather than dropped. */
        UNKNOWN
    }

    /** The frame for any address we cannot attribute. */
    public static final Frame UNKNOWN = new Frame("[unknown]", Kind.UNKNOWN, "", "", -1);

    /** Checks the components are present. */
    public Frame {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(binary, "binary");
    }
}
