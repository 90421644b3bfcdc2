package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Symbol names read on demand from the string tables of the ELF file a {@link SymbolTable} was
 * built from, a reference being the file offset of a name: a table of ~10^5 symbols keeps none of
 * their names on the heap, and a profile reads a few hundred of them.
 *
 * <p>The file stays open, so the names come from the very inode the table was built from, even
 * after the path is replaced (an upgrade renames a new file over it) or deleted. A file rewritten
 * in place is noticed before each read by its identity bytes (its build id, or its head and tail
 * when it has none) and size: then no name is read any more, and frames show {@code [file+0x...]}
 * as for an unreadable file, never a name from other bytes. A {@link RandomAccessFile}, not a
 * {@code FileChannel}: an interrupt of a reading thread must not close the file for good.
 * Thread-safe.
 */
final class FileNames implements SymbolNames {
    /** Longest name read; as {@link ElfFile}, longer means garbage. */
    private static final int MAX_NAME = 64 * 1024;
    private static final int FIRST_READ = 256;

    private final RandomAccessFile file;
    private final long size;
    private final long[] identityOffsets;
    private final byte[][] identityBytes;
    private volatile boolean changed;

    /**
     * @param file           the open ELF file, now owned by this
     * @param size           its size when the table was built
     * @param identityOffsets where the bytes that identify the file start
     * @param identityBytes  those bytes, as they were when the table was built
     */
    FileNames(RandomAccessFile file, long size, long[] identityOffsets, byte[][] identityBytes) {
        this.file = file;
        this.size = size;
        this.identityOffsets = identityOffsets.clone();
        this.identityBytes = identityBytes.clone();
    }

    @Override
    public String name(int offset) {
        if (changed) {
            return null;
        }
        synchronized (file) {
            try {
                if (file.length() != size || !identityHolds()) {
                    changed = true;
                    return null;
                }
                return readString(offset);
            } catch (IOException e) {
                return null; // closed, or an I/O error: unnamed rather than wrong
            }
        }
    }

    private boolean identityHolds() throws IOException {
        for (int i = 0; i < identityOffsets.length; i++) {
            byte[] now = new byte[identityBytes[i].length];
            file.seek(identityOffsets[i]);
            file.readFully(now);
            if (!Arrays.equals(now, identityBytes[i])) {
                return false;
            }
        }
        return true;
    }

    /** @return the NUL-terminated UTF-8 string at the offset, or null when it does not end within {@link #MAX_NAME} */
    private String readString(long offset) throws IOException {
        byte[] buffer = new byte[FIRST_READ];
        int length = 0;
        file.seek(offset);
        while (true) {
            int read = file.read(buffer, length, buffer.length - length);
            if (read <= 0) {
                return null; // the end of the file before the terminator
            }
            for (int i = length; i < length + read; i++) {
                if (buffer[i] == 0) {
                    return new String(buffer, 0, i, StandardCharsets.UTF_8);
                }
            }
            length += read;
            if (length == buffer.length) {
                if (length >= MAX_NAME) {
                    return null;
                }
                buffer = Arrays.copyOf(buffer, Math.min(MAX_NAME, length * 4));
            }
        }
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            // nothing left to do: the descriptor is released either way
        }
    }
}
