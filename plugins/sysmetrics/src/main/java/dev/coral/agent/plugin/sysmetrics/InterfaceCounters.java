package dev.coral.agent.plugin.sysmetrics;

import oshi.hardware.NetworkIF;

/**
 * One network interface's cumulative counters. {@code txDropped} is -1 where the source does not
 * know it (OSHI has no getter for it).
 */
record InterfaceCounters(String name, long rxBytes, long txBytes, long rxPackets, long txPackets, long rxErrors,
        long txErrors, long rxDropped, long txDropped) {

    /** From OSHI, for systems without {@code /proc/net/dev}. */
    static InterfaceCounters of(NetworkIF nif) {
        return new InterfaceCounters(nif.getName(), nif.getBytesRecv(), nif.getBytesSent(), nif.getPacketsRecv(),
                nif.getPacketsSent(), nif.getInErrors(), nif.getOutErrors(), nif.getInDrops(), -1);
    }
}
