package dev.coral.agent.api;

/**
 * An exporter that keeps data locally and answers queries through its {@linkplain
 * Component#capability capabilities} (spans since a seq id, time ranges, snapshots...), so the
 * API server and other components depend on the query interface, not on a store implementation.
 *
 * @since 0.1.0
 */
public interface Store extends Exporter {}
