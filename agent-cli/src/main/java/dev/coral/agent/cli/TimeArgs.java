package dev.coral.agent.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times on the command line: a duration back from now ({@code 5m}, {@code 1h30m}, {@code 90s},
 * {@code 2d}, {@code 500ms}), an ISO-8601 instant ({@code 2026-11-25T06:00:00Z}), a local date
 * and time ({@code 2026-11-25T07:00}), or Unix milliseconds.
 */
final class TimeArgs {
    private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
    private static final Pattern DURATION = Pattern.compile("(?:[0-9]+(?:ms|s|m|h|d))+");

    private TimeArgs() {}

    static Duration duration(String text) {
        String t = text.trim();
        if (!DURATION.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 5m, 1h30m or 2d");
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return d;
    }

    /** A point in time: {@code now} minus a duration, or an absolute time. */
    static Instant instant(String text, Instant now) {
        String t = text.trim();
        if (DURATION.matcher(t).matches()) {
            return now.minus(duration(t));
        }
        if (t.matches("[0-9]{10,16}")) {
            return Instant.ofEpochMilli(Long.parseLong(t));
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(t).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException notLocal) {
                throw new IllegalArgumentException("'" + text + "' is not a time: use a duration back from now "
                        + "(5m, 1h), an ISO time (2026-11-25T06:00:00Z) or Unix milliseconds");
            }
        }
    }
}
