package dev.coral.agent.cli;

import java.util.Locale;

/** A span's length as people read it: ns, µs, ms or s, with about three significant digits. */
final class Durations {
    private Durations() {}

    static String of(long nanos) {
        long n = Math.max(0, nanos);
        if (n < 1_000) {
            return n + "ns";
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.0fµs", n / 1e3);
        }
        if (n < 10_000_000) {
            return String.format(Locale.ROOT, "%.2fms", n / 1e6);
        }
        if (n < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1fms", n / 1e6);
        }
        if (n < 60_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fs", n / 1e9);
        }
        return Tables.duration(n / 1_000_000_000L);
    }
}
