package dev.coral.agent.plugin.sysmetrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Linux's {@code /proc/net/dev}: every interface's counters in one read.
 *
 * <p>Read directly instead of through OSHI because OSHI lists interfaces through Java's
 * {@code NetworkInterface}, which skips interfaces without an IP address (a NIC enslaved to a
 * bridge or bond carries the host's traffic with no address of its own), and it has no
 * transmit-drop counter. One file is also cheaper than OSHI's eight sysfs files per interface.
 */
final class ProcNetDev implements NetworkScraper.Source {
    /** Fields after "name:", in the kernel's order: 8 receive counters, then 8 transmit counters. */
    private static final int RX_BYTES = 0;
    private static final int RX_PACKETS = 1;
    private static final int RX_ERRS = 2;
    private static final int RX_DROP = 3;
    private static final int TX_BYTES = 8;
    private static final int TX_PACKETS = 9;
    private static final int TX_ERRS = 10;
    private static final int TX_DROP = 11;
    private static final int FIELDS = 16;

    private final Path file;

    ProcNetDev(Path file) {
        this.file = file;
    }

    @Override
    public List<InterfaceCounters> read() throws IOException {
        return parse(Files.readAllLines(file));
    }

    static List<InterfaceCounters> parse(List<String> lines) throws IOException {
        List<InterfaceCounters> out = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue; // the two header lines
            }
            String name = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (name.isEmpty() || f.length < FIELDS) {
                throw new IOException("unexpected line in /proc/net/dev: " + line.strip());
            }
            try {
                out.add(new InterfaceCounters(name, Long.parseLong(f[RX_BYTES]), Long.parseLong(f[TX_BYTES]),
                        Long.parseLong(f[RX_PACKETS]), Long.parseLong(f[TX_PACKETS]), Long.parseLong(f[RX_ERRS]),
                        Long.parseLong(f[TX_ERRS]), Long.parseLong(f[RX_DROP]), Long.parseLong(f[TX_DROP])));
            } catch (NumberFormatException e) {
                throw new IOException("unexpected line in /proc/net/dev: " + line.strip(), e);
            }
        }
        return out;
    }
}
