package dev.coral.agent.cli;

import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code --since} and {@code --until}, shared by the time-range queries. */
final class TimeRangeOptions {
    @Option(names = "--since", paramLabel = "TIME", description = "From this time: 5m (ago), 1h30m, an ISO time or Unix ms")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Until this time (default: now); same forms as --since")
    String until;

    /**
     * [since, until] in Unix ms (0 = unbounded), checked.
     *
     * @param defaultSince how far back without --since, e.g. "15m"; null for everything kept
     */
    long[] resolve(Instant now, String defaultSince) {
        String from0 = since != null ? since : defaultSince;
        long from = from0 == null ? 0 : TimeArgs.instant(from0, now).toEpochMilli();
        long to = until == null ? 0 : TimeArgs.instant(until, now).toEpochMilli();
        if (to != 0 && to < from) {
            throw new IllegalArgumentException("--until is before --since");
        }
        return new long[] {Math.max(0, from), to};
    }
}
