package dev.coral.agent.plugin.cpuprofiler;

import dev.coral.agent.plugin.cpuprofiler.config.ServiceRule;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names the service of a process: the first rule whose process name, executable glob or
 * listening port matches; else the {@code service.name} its spans carry with its {@code
 * process.pid}; else its process name ({@code comm}). Remembered per pid for the cycle;
 * {@link #clear} drops them.
 */
final class ProcessNames {
    private final Path proc;
    private final List<ServiceRule> rules;
    private final Map<ServiceRule, PathMatcher> globs = new HashMap<>();
    private final ListeningPorts ports;
    private final boolean anyPortRule;
    private final Map<Integer, String> byPid = new HashMap<>();
    private Map<Integer, String> fromSpans = Map.of();

    ProcessNames(Path proc, List<ServiceRule> rules) {
        this.proc = proc;
        this.rules = rules;
        this.ports = new ListeningPorts(proc);
        this.anyPortRule = rules.stream().anyMatch(r -> r.port().isPresent());
        for (ServiceRule rule : rules) {
            if (!rule.exeGlob().isEmpty()) {
                globs.put(rule, FileSystems.getDefault().getPathMatcher("glob:" + rule.exeGlob()));
            }
        }
    }

    String serviceOf(int pid) {
        return byPid.computeIfAbsent(pid, this::lookUp);
    }

    /** The {@code service.name} by {@code process.pid} of the spans the agent received lately. */
    void spanServices(Map<Integer, String> servicesByPid) {
        fromSpans = Map.copyOf(servicesByPid);
        byPid.clear();
    }

    /** True when a running process is named {@code service}. */
    boolean anyProcessOf(String service) {
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> isPid(p.getFileName().toString()))) {
            for (Path dir : pids) {
                if (service.equals(serviceOf(Integer.parseInt(dir.getFileName().toString())))) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    void clear() {
        byPid.clear();
    }

    private String lookUp(int pid) {
        String comm = read(proc.resolve(pid + "/comm"));
        Path exe = exe(pid);
        Set<Integer> listening = anyPortRule ? ports.of(pid) : Set.of();
        for (ServiceRule rule : rules) {
            boolean byComm = !rule.comm().isEmpty() && rule.comm().equals(comm);
            boolean byExe = exe != null && globs.containsKey(rule) && globs.get(rule).matches(exe);
            boolean byPort = rule.port().isPresent() && listening.contains(rule.port().getAsInt());
            if (byComm || byExe || byPort) {
                return rule.service();
            }
        }
        // Spans report the pid of their process's own namespace: only the host's namespace matches here.
        return fromSpans.getOrDefault(pid, comm);
    }

    private Path exe(int pid) {
        try {
            return Files.readSymbolicLink(proc.resolve(pid + "/exe"));
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
