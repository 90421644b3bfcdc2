package dev.coral.agent.plugin.sysmetrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the tests compare the samples with, read from the host without the receiver's code. */
final class HostFacts {
    private HostFacts() {}

    /** {@code MemTotal} of /proc/meminfo, in bytes. */
    static long memTotalBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no MemTotal in /proc/meminfo");
    }

    /** Whether a mount passes the default filters (a container whose / is overlay has none). */
    static boolean hasReportableMount() {
        SysmetricsConfig d = SysmetricsConfig.defaults();
        return new oshi.SystemInfo().getOperatingSystem().getFileSystem().getFileStores(true).stream()
                .anyMatch(f -> d.filesystemTypes().keeps(f.getType()) && d.mounts().keeps(f.getMount())
                        && f.getTotalSpace() > 0);
    }
}
