package dev.coral.agent.server.services;

import io.grpc.Status;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Request bounds of agent-api.md: 0 means the default, a negative value or one above the
 * maximum is INVALID_ARGUMENT naming the field, never silently clamped, so a colony with a
 * wrong idea of the limits finds out at once.
 */
final class Limits {
    static final int MAX_RECORDS_DEFAULT = 10_000;
    static final int MAX_RECORDS_MAX = 50_000;
    static final int MAX_TRACES_DEFAULT = 100;
    static final int MAX_TRACES_MAX = 1_000;
    static final int PROFILE_RECORDS_DEFAULT = 5_000;

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    private Limits() {}

    /** A trace id in lower case, empty if none is given; anything but 32 hex characters is INVALID_ARGUMENT. */
    static String traceId(String requested) {
        String trace = requested.toLowerCase(Locale.ROOT);
        if (!trace.isEmpty() && !TRACE_ID.matcher(trace).matches()) {
            throw Status.INVALID_ARGUMENT.withDescription("trace_id must be 32 hex characters, got '" + requested
                    + "'").asRuntimeException();
        }
        return trace;
    }

    static int bounded(String field, int requested, int def, int max) {
        if (requested < 0 || requested > max) {
            throw Status.INVALID_ARGUMENT.withDescription(field + " must be between 1 and " + max
                    + " (0 for the default of " + def + "), got " + requested).asRuntimeException();
        }
        return requested == 0 ? def : requested;
    }

    /**
     * True for a {@code start_seq_id} of 2^63 or more: the wire's uint64 arrives as a negative long,
     * and no stored seq id is that high, so the answer is an empty page (never "from the start").
     */
    static boolean afterEveryRow(long startSeqId) {
        return startSeqId < 0;
    }

    static int maxRecords(int requested) {
        return bounded("max_records", requested, MAX_RECORDS_DEFAULT, MAX_RECORDS_MAX);
    }
}
