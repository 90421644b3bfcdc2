package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps names that have no file of their own to be read back from ({@code /proc/kallsyms} is
 * generated on each read, and a pass over it costs ~50 ms of CPU) out of the heap: they are
 * written as they come, NUL-terminated, to a temp file deleted at once (the open descriptor keeps
 * it), and read back on demand with {@link FileNames}, a name's reference being its offset. So
 * ~3 MB of kernel symbol names sit in the page cache, which the kernel may drop, not in the
 * agent's heap for its life, and reading them allocates no big array. Not thread-safe while written.
 */
final class SpilledNames implements NameWriter {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final RandomAccessFile file;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int buffered;
    private long written;

    private SpilledNames(RandomAccessFile file) {
        this.file = file;
    }

    /** @throws IOException when no temp file can be made in {@code java.io.tmpdir} */
    static SpilledNames create() throws IOException {
        Path path = Files.createTempFile("coral-names-", ".bin");
        try {
            return new SpilledNames(new RandomAccessFile(path.toFile(), "rw"));
        } finally {
            Files.deleteIfExists(path);
        }
    }

    @Override
    public int add(byte[] bytes, int from, int length) {
        long offset = written + buffered;
        if (offset + length + 1 > Integer.MAX_VALUE) {
            throw new UncheckedIOException(new IOException("names past 2 GiB"));
        }
        try {
            if (buffered + length + 1 > buffer.length) {
                flush();
            }
            if (length + 1 > buffer.length) {
                file.write(bytes, from, length);
                file.write(0);
                written += length + 1;
            } else {
                System.arraycopy(bytes, from, buffer, buffered, length);
                buffered += length;
                buffer[buffered++] = 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (int) offset;
    }

    @Override
    public SymbolNames finish() {
        try {
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FileNames(file, written, new long[0], new byte[0][]);
    }

    @Override
    public void discard() {
        try {
            file.close();
        } catch (IOException e) {
            // released either way
        }
    }

    private void flush() throws IOException {
        file.write(buffer, 0, buffered);
        written += buffered;
        buffered = 0;
    }
}
