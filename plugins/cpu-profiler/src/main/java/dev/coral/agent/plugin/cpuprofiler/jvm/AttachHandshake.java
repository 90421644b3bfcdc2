package dev.coral.agent.plugin.cpuprofiler.jvm;

import dev.coral.agent.plugin.cpuprofiler.capture.SyscallException;
import dev.coral.agent.plugin.cpuprofiler.capture.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Starts a HotSpot JVM's attach listener the way the JDK's own attach client does on Linux: a
 * file {@code .attach_pid<nspid>} in the JVM's working directory (else its /tmp), then SIGQUIT;
 * the JVM's signal handler sees the file and opens {@code /tmp/.java_pid<nspid>} instead of
 * printing a thread dump. Paths go through {@code /proc/<pid>/} so JVMs in containers work.
 */
final class AttachHandshake {
    private static final int SIGQUIT = 3;
    /** SIGQUIT's bit in the {@code SigCgt}/{@code SigIgn} masks of {@code /proc/<pid>/status}. */
    private static final long SIGQUIT_BIT = 1L << (SIGQUIT - 1);

    private final Path proc;
    private final Syscalls syscalls;

    AttachHandshake(Path proc, Syscalls syscalls) {
        this.proc = proc;
        this.syscalls = syscalls;
    }

    /** @return where the JVM listens (seen from this process) */
    Path socketOf(int pid, int nsPid) {
        return proc.resolve(Integer.toString(pid)).resolve("root/tmp/.java_pid" + nsPid);
    }

    /**
     * Opens the JVM's attach listener unless it is open already.
     *
     * @return the listener's socket
     * @throws AttachException when the process does not catch SIGQUIT (a SIGQUIT would kill it:
     *         not a HotSpot JVM, one still starting, or one run with {@code -Xrs}), or the socket
     *         did not appear before the deadline (attach disabled, or the JVM is stuck)
     */
    Path open(int pid, int nsPid, Instant deadline) throws AttachException {
        Path socket = socketOf(pid, nsPid);
        if (Files.exists(socket)) {
            return socket;
        }
        Path pidDir = proc.resolve(Integer.toString(pid));
        if (!catchesSigquit(pidDir)) {
            throw new AttachException("the process does not handle SIGQUIT (not a HotSpot JVM, still starting, "
                    + "or run with -Xrs): not signalled");
        }
        Path trigger = createTrigger(pidDir, nsPid);
        try {
            syscalls.kill(pid, SIGQUIT);
            long pause = 10;
            while (!Files.exists(socket)) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new AttachException("no attach socket " + socket + " after SIGQUIT "
                            + "(-XX:+DisableAttachMechanism, or the JVM is busy)");
                }
                // The JVM opens the socket on its attach listener thread a few milliseconds after the signal.
                Thread.sleep(Math.min(pause, left));
                pause = Math.min(pause * 2, 200);
            }
            return socket;
        } catch (SyscallException e) {
            throw new AttachException("SIGQUIT not sent: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttachException("interrupted while waiting for the attach socket", true);
        } finally {
            deleteQuietly(trigger);
        }
    }

    private static Path createTrigger(Path pidDir, int nsPid) throws AttachException {
        String name = ".attach_pid" + nsPid;
        for (Path dir : new Path[] {pidDir.resolve("cwd"), pidDir.resolve("root/tmp")}) {
            Path trigger = dir.resolve(name);
            try {
                Files.deleteIfExists(trigger);
                return Files.createFile(trigger);
            } catch (IOException e) {
                // read-only working directory: the JVM also looks in its /tmp
            }
        }
        throw new AttachException("cannot create " + name + " in the JVM's working directory or /tmp");
    }

    /** Whether the process has a SIGQUIT handler and does not ignore the signal (as the JDK checks). */
    private static boolean catchesSigquit(Path pidDir) {
        try {
            long caught = 0;
            long ignored = 0;
            for (String line : Files.readAllLines(pidDir.resolve("status"))) {
                if (line.startsWith("SigCgt:")) {
                    caught = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                } else if (line.startsWith("SigIgn:")) {
                    ignored = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                }
            }
            return (caught & SIGQUIT_BIT) != 0 && (ignored & SIGQUIT_BIT) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the JVM deletes it too once it has seen it
        }
    }
}
