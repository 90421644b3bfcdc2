package dev.coral.agent.api;

import java.util.Optional;

/**
 * An exporter that keeps data locally and answers queries. Query interfaces (spans since a
 * seq id, time ranges, snapshots...) are looked up by type, so the API server and other
 * components depend on the capability, not on a store implementation.
 *
 * @since 0.1.0
 */
public interface Store extends Exporter {
    /** This store's implementation of a query interface, if it has one. */
    default <Q> Optional<Q> capability(Class<Q> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }
}
