package dev.coral.agent.plugin.cpuprofiler;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TCP ports a process listens on: the listening sockets of its network namespace
 * ({@code /proc/<pid>/net/tcp} and {@code tcp6}, so containers count) that it holds open
 * ({@code /proc/<pid>/fd}). Reading another process's fds needs root or CAP_SYS_PTRACE;
 * without, the answer is empty.
 */
final class ListeningPorts {
    private static final String LISTEN = "0A";
    private final Path proc;

    ListeningPorts(Path proc) {
        this.proc = proc;
    }

    Set<Integer> of(int pid) {
        Path dir = proc.resolve(Integer.toString(pid));
        Map<Long, Integer> portBySocket = new HashMap<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            readListening(dir.resolve(table), portBySocket);
        }
        Set<Integer> ports = new HashSet<>();
        if (portBySocket.isEmpty()) {
            return ports;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
            for (Path fd : fds) {
                Integer port = portBySocket.get(socketInode(fd));
                if (port != null) {
                    ports.add(port);
                }
            }
        } catch (IOException | SecurityException e) {
            // The process exited, or its fds are not ours to read: no ports known.
        }
        return ports;
    }

    /** Lines as {@code sl local_address rem_address st ... inode}: {@code 0: 0100007F:1F90 00000000:0000 0A ...}. */
    private static void readListening(Path table, Map<Long, Integer> portBySocket) {
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException e) {
            return;
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[3].equals(LISTEN)) {
                continue;
            }
            int colon = f[1].lastIndexOf(':');
            try {
                portBySocket.put(Long.parseLong(f[9]), Integer.parseInt(f[1].substring(colon + 1), 16));
            } catch (NumberFormatException e) {
                // a line this kernel formats differently: not a listening socket we can name
            }
        }
    }

    private static long socketInode(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            if (target.startsWith("socket:[") && target.endsWith("]")) {
                return Long.parseLong(target, 8, target.length() - 1, 10);
            }
        } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
            // closed meanwhile, or not a socket
        }
        return -1;
    }
}
