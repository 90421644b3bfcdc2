package dev.coral.agent.plugin.sysmetrics;

/**
 * Reads one part of the host (CPU, memory...) into a {@link Sample}. Scrapers run one at a time
 * on the receiver's sampling thread, so they may keep state between samples without locks.
 *
 * <p>Throwing skips this scraper for this sample only: the others still run and the failure is
 * logged once. A scraper that can lose one source among several (one mount, one file) reports
 * it with {@link Sample#problem} and carries on.
 */
interface Scraper {
    /** The name in logs and self-telemetry, usually the {@link ScraperKind#key()}. */
    String name();

    void scrape(Sample sample) throws Exception;
}
