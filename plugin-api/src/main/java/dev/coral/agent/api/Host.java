package dev.coral.agent.api;

import java.util.List;

/**
 * The runtime as a started component sees it: the place to find capabilities other
 * components offer (a store's query interfaces), without knowing their implementations.
 *
 * @since 0.1.0
 */
public interface Host {
    /** Every started store's implementation of {@code type}, in configuration order. */
    <Q> List<Q> capabilities(Class<Q> type);
}
