package dev.coral.agent.plugin.sysmetrics;

import java.util.List;

/**
 * Per interface, {@code {"interface": "eth0"}}: {@code system.network.io.receive/.transmit}
 * (bytes, also as a total over the reported interfaces), {@code .packets.*}, {@code .errors.*}
 * and {@code .dropped.*}.
 */
final class NetworkScraper implements Scraper {
    /** Where the counters come from: {@link ProcNetDev} on Linux, OSHI elsewhere. */
    @FunctionalInterface
    interface Source {
        List<InterfaceCounters> read() throws Exception;
    }

    private final Source source;
    private final NameFilter interfaces;

    NetworkScraper(Source source, NameFilter interfaces) {
        this.source = source;
        this.interfaces = interfaces;
    }

    @Override
    public String name() {
        return ScraperKind.NETWORK.key();
    }

    @Override
    public void scrape(Sample sample) throws Exception {
        long received = 0;
        long sent = 0;
        String missingTxDrops = null;
        for (InterfaceCounters c : source.read()) {
            String name = c.name();
            if (!interfaces.keeps(name)) {
                continue;
            }
            received += c.rxBytes();
            sent += c.txBytes();
            sample.record(HostMetric.NETWORK_IO_RECEIVE, c.rxBytes(), "interface", name);
            sample.record(HostMetric.NETWORK_IO_TRANSMIT, c.txBytes(), "interface", name);
            sample.record(HostMetric.NETWORK_PACKETS_RECEIVE, c.rxPackets(), "interface", name);
            sample.record(HostMetric.NETWORK_PACKETS_TRANSMIT, c.txPackets(), "interface", name);
            sample.record(HostMetric.NETWORK_ERRORS_RECEIVE, c.rxErrors(), "interface", name);
            sample.record(HostMetric.NETWORK_ERRORS_TRANSMIT, c.txErrors(), "interface", name);
            sample.record(HostMetric.NETWORK_DROPPED_RECEIVE, c.rxDropped(), "interface", name);
            if (c.txDropped() >= 0) {
                sample.record(HostMetric.NETWORK_DROPPED_TRANSMIT, c.txDropped(), "interface", name);
            } else if (missingTxDrops == null) {
                missingTxDrops = name;
            }
        }
        sample.record(HostMetric.NETWORK_IO_RECEIVE, received);
        sample.record(HostMetric.NETWORK_IO_TRANSMIT, sent);
        // Reported once per sample, not per interface, so one interface cannot flip it back and forth.
        if (missingTxDrops != null) {
            sample.problem(HostMetric.NETWORK_DROPPED_TRANSMIT.metricName(), new UnsupportedOperationException(
                    "no transmit-drop counter from this source (interface " + missingTxDrops + ")"));
        } else {
            sample.ok(HostMetric.NETWORK_DROPPED_TRANSMIT.metricName());
        }
    }
}
