package dev.coral.agent.plugin.otlpexporter.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a queue directory ({@code lock}): two agents (or two exporters) appending
 * to one queue would interleave their records. The operating system releases it when the process
 * dies, so a SIGKILL leaves nothing to clean up.
 */
final class DirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DirectoryLock acquire(Path dir) throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("the sending queue " + dir + " is in use by another exporter or agent "
                    + "(give each its own sending_queue.storage_dir)");
        }
        return new DirectoryLock(ch, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // Closing the channel releases the lock in any case.
        }
    }
}
