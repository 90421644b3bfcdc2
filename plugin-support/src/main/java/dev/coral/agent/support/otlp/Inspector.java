package dev.coral.agent.support.otlp;

/** Validates one signal's requests and counts their items. Stateless and thread-safe. */
@FunctionalInterface
interface Inspector<T> {
    Inspection<T> inspect(T request);
}
