package dev.coral.agent.plugin.cpuprofiler;

import dev.coral.agent.plugin.cpuprofiler.config.ServiceRule;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the service of a process: the first rule whose process name or executable glob matches,
 * else the process name ({@code comm}). Remembered per pid for the cycle; {@link #clear} drops them.
 */
final class ProcessNames {
    private final Path proc;
    private final List<ServiceRule> rules;
    private final Map<ServiceRule, PathMatcher> globs = new HashMap<>();
    private final Map<Integer, String> byPid = new HashMap<>();

    ProcessNames(Path proc, List<ServiceRule> rules) {
        this.proc = proc;
        this.rules = rules;
        for (ServiceRule rule : rules) {
            if (!rule.exeGlob().isEmpty()) {
                globs.put(rule, FileSystems.getDefault().getPathMatcher("glob:" + rule.exeGlob()));
            }
        }
    }

    String serviceOf(int pid) {
        return byPid.computeIfAbsent(pid, this::lookUp);
    }

    void clear() {
        byPid.clear();
    }

    private String lookUp(int pid) {
        String comm = read(proc.resolve(pid + "/comm"));
        Path exe = exe(pid);
        for (ServiceRule rule : rules) {
            boolean byComm = !rule.comm().isEmpty() && rule.comm().equals(comm);
            boolean byExe = exe != null && globs.containsKey(rule) && globs.get(rule).matches(exe);
            if (byComm || byExe) {
                return rule.service();
            }
        }
        return comm;
    }

    private Path exe(int pid) {
        try {
            return Files.readSymbolicLink(proc.resolve(pid + "/exe"));
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
