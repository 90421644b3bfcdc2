package dev.coral.agent.plugin.otlp.core;

/** Validates one signal's requests and counts their items. Stateless and thread-safe. */
@FunctionalInterface
public interface Inspector<T> {
    Inspection<T> inspect(T request);
}
