package dev.coral.agent.plugin.cpuprofiler.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The online CPUs, from the kernel's list format ({@code 0-3,6,8-9}). */
public final class OnlineCpus {
    private static final Path ONLINE = Path.of("/sys/devices/system/cpu/online");

    private OnlineCpus() {}

    /** Reads {@code /sys/devices/system/cpu/online}. */
    public static List<Integer> read() {
        try {
            return parse(Files.readString(ONLINE));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + ONLINE, e);
        }
    }

    /** Parses a CPU list such as {@code 0-3,6}. */
    static List<Integer> parse(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.trim().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(part.substring(dash + 1));
            for (int cpu = first; cpu <= last; cpu++) {
                cpus.add(cpu);
            }
        }
        return List.copyOf(cpus);
    }
}
