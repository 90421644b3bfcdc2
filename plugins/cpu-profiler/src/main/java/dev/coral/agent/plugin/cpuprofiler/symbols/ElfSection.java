package dev.coral.agent.plugin.cpuprofiler.symbols;

/**
 * A section header with its name resolved.
 *
 * @param name    from {@code .shstrtab}, empty when unreadable
 * @param type    {@code sh_type} ({@code SHT_SYMTAB} 2, {@code SHT_NOTE} 7, {@code SHT_DYNSYM} 11, ...)
 * @param offset  file offset of the contents
 * @param size    bytes of contents
 * @param link    {@code sh_link}: for symbol tables, the index of their string table
 * @param entSize size of one entry for tables
 */
public record ElfSection(String name, int type, long offset, long size, int link, long entSize) {
    static final int SHT_SYMTAB = 2;
    static final int SHT_NOTE = 7;
    static final int SHT_NOBITS = 8;
    static final int SHT_DYNSYM = 11;
}
