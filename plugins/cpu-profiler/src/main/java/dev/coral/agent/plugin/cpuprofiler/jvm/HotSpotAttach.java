package dev.coral.agent.plugin.cpuprofiler.jvm;

import dev.coral.agent.plugin.cpuprofiler.capture.Syscalls;
import dev.coral.agent.plugin.cpuprofiler.symbols.NamespacePid;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code jcmd <pid> <command>} without the jcmd binary: the HotSpot attach mechanism from Java
 * (a UNIX domain socket channel and one {@code kill}), so the agent needs no JDK tools, no JNI
 * and no agent inside the target. Works across pid and mount namespaces through {@code /proc}.
 */
public final class HotSpotAttach {
    private final Path proc;
    private final AttachHandshake handshake;

    /** Attaches to this host's JVMs. */
    public HotSpotAttach(Syscalls syscalls) {
        this(Path.of("/proc"), syscalls);
    }

    HotSpotAttach(Path proc, Syscalls syscalls) {
        this.proc = proc;
        this.handshake = new AttachHandshake(proc, syscalls);
    }

    /**
     * Runs one diagnostic command in the JVM, as {@code jcmd <pid> <commandLine>} would.
     *
     * @param timeout for everything: starting the attach listener, the command and its answer
     * @return the command's output
     * @throws AttachException when the JVM cannot be attached to, the command fails, or time runs out
     */
    public String jcmd(int pid, String commandLine, Duration timeout) throws AttachException {
        Instant deadline = Instant.now().plus(timeout);
        int nsPid = NamespacePid.of(proc, pid);
        Path socket = handshake.open(pid, nsPid, deadline);
        try {
            return AttachRequest.send(socket, "jcmd", commandLine, deadline);
        } catch (IOException e) {
            throw new AttachException("attach socket " + socket + ": " + e, true);
        }
    }
}
