package dev.coral.agent.plugin.cpuprofiler.symbols;

/** A file is not a readable ELF64 little-endian object: truncated, garbage or another format. */
public final class ElfFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where */
    public ElfFormatException(String message) {
        super(message);
    }
}
