package dev.coral.agent.server.routes;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=...} header (RFC 9110 §14.1.2): {@code a-b},
 * {@code a-} or the suffix {@code -n}. Only single ranges are honoured, which is what DuckDB's
 * httpfs sends; for several ranges the whole file is served, as the RFC allows.
 *
 * <p>Positions are any number of digits: a last position at or past the end (however large,
 * beyond a long too) means up to the last byte, a suffix longer than the file means all of it,
 * and a first position at or past the end is unsatisfiable (416).
 *
 * @param first first byte, inclusive
 * @param last last byte, inclusive
 */
public record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes\\s*=\\s*([0-9]*)\\s*-\\s*([0-9]*)\\s*");
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** A range no byte of the file satisfies: answer 416. */
    public static final class Unsatisfiable extends Exception {
        private static final long serialVersionUID = 1L;

        Unsatisfiable(String message) {
            super(message);
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** {@code bytes first-last/size}, for Content-Range. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * The range to serve from a file of {@code size} bytes; empty when the whole file should be
     * served (no header, several ranges, or a header that is not a byte range, which the RFC
     * says to ignore).
     */
    public static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
        if (header == null || header.indexOf(',') >= 0) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        if (m.group(1).isEmpty()) {
            long suffix = position(m.group(2));
            if (suffix == 0 || size == 0) {
                throw new Unsatisfiable("empty suffix range");
            }
            return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long first = position(m.group(1));
        if (first >= size) {
            throw new Unsatisfiable("range starts at " + m.group(1) + ", past the end (" + size + " bytes)");
        }
        long last = m.group(2).isEmpty() ? size - 1 : position(m.group(2));
        if (last < first) {
            return Optional.empty();
        }
        return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
    }

    /** A position of any length; one beyond a long is past any file, so Long.MAX_VALUE stands for it. */
    private static long position(String digits) {
        return digits.length() < 19 ? Long.parseLong(digits) : new BigInteger(digits).min(LONG_MAX).longValueExact();
    }
}
