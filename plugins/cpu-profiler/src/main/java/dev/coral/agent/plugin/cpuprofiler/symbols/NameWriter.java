package dev.coral.agent.plugin.cpuprofiler.symbols;

/**
 * Takes names one by one as a table is read, each under a reference to read it back by: on the
 * heap ({@link PackedNames.Builder}) or in a temp file ({@link SpilledNames}).
 */
interface NameWriter {
    /**
     * @return the reference of the name made of {@code length} UTF-8 bytes of {@code bytes} from {@code from}
     * @throws java.io.UncheckedIOException when the name cannot be stored (a full disk)
     */
    int add(byte[] bytes, int from, int length);

    /** @return the names added, readable by their references */
    SymbolNames finish();

    /** Drops the names when the table is not wanted after all. */
    void discard();
}
