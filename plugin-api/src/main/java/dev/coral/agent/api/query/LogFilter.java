package dev.coral.agent.api.query;

import java.util.Collection;
import java.util.Set;

/**
 * Which log records a {@link LogQueries#logsBetween} query wants; every condition given must hold.
 *
 * @param services only these services' records; empty: all
 * @param minSeverityNumber only records of at least this OTLP severity number (9 INFO, 13 WARN, 17
 *     ERROR, 21 FATAL); 0: all, records without a severity number included
 * @param traceId only the records of this trace (32 lower-case hex chars); empty: any
 * @param bodyContains only records whose body contains this text, ignoring case; empty: any
 *
 * @since 0.1.0
 */
public record LogFilter(Set<String> services, int minSeverityNumber, String traceId, String bodyContains) {
    /** Every record. */
    public static final LogFilter ALL = new LogFilter(Set.of(), 0, "", "");

    public LogFilter {
        services = services == null ? Set.of() : Set.copyOf(services);
        traceId = traceId == null ? "" : traceId;
        bodyContains = bodyContains == null ? "" : bodyContains;
        if (minSeverityNumber < 0) {
            throw new IllegalArgumentException("minSeverityNumber must be 0 or more, got " + minSeverityNumber);
        }
    }

    /** Every record of {@code services} (empty: all). */
    public static LogFilter ofServices(Collection<String> services) {
        return new LogFilter(Set.copyOf(services), 0, "", "");
    }
}
