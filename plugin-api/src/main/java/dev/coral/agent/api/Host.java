package dev.coral.agent.api;

import java.util.List;

/**
 * The runtime as a started component sees it: the place to find capabilities other
 * components offer (a store's query interfaces, a profiler's on-demand profiling), without
 * knowing their implementations.
 *
 * @since 0.1.0
 */
public interface Host {
    /**
     * Every component's implementation of {@code type}: stores first, then exporters,
     * processors and receivers, each in configuration order. During start, components that
     * start later are among them, not started yet.
     */
    <Q> List<Q> capabilities(Class<Q> type);
}
