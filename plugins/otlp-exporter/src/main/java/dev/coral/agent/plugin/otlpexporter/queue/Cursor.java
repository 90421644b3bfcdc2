package dev.coral.agent.plugin.otlpexporter.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The read position: everything before it was sent (or dropped). Written to a temporary file and
 * renamed over {@code cursor}, without fsync: a SIGKILL keeps it (the page cache survives the
 * process), a power loss may bring back an older one, so batches are sent again: at least once.
 */
record Cursor(long segment, long offset) implements Comparable<Cursor> {
    private static final String FILE = "cursor";

    static Optional<Cursor> read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != 20) {
                return Optional.empty();
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, 16);
            if ((int) crc.getValue() != b.getInt(16)) {
                return Optional.empty();
            }
            return Optional.of(new Cursor(b.getLong(0), b.getLong(8)));
        } catch (IOException absent) {
            return Optional.empty();
        }
    }

    void write(Path dir) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(20).putLong(segment).putLong(offset);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 16);
        b.putInt((int) crc.getValue());
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.write(tmp, b.array());
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public int compareTo(Cursor o) {
        return segment != o.segment ? Long.compare(segment, o.segment) : Long.compare(offset, o.offset);
    }
}
