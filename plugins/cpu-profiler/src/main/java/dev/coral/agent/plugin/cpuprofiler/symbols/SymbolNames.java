package dev.coral.agent.plugin.cpuprofiler.symbols;

/**
 * Where a {@link SymbolTable}'s names are: packed on the heap ({@link PackedNames}) or read on
 * demand from the ELF file the table was built from ({@link FileNames}).
 */
interface SymbolNames extends AutoCloseable {
    /** @return the name a reference (as its builder handed out) stands for, or null when it cannot be read any more */
    String name(int reference);

    /** Releases what the names are read from; names not yet read are null afterwards. */
    @Override
    void close();
}
