package dev.coral.agent.api.config;

/**
 * Reads one component's block of {@code pipelines.conf} into its typed configuration.
 *
 * <p>The runtime passes the factory's defaults: a reader starts from them and overrides what
 * the block sets. A bad value is recorded with {@link Settings#reject} (or read through a
 * getter with a rule) and reading goes on with the default, so one run reports every mistake
 * in the file. Keys the reader never reads are reported as unknown settings.
 *
 * @param <C> the component's configuration (an immutable record is ideal)
 * @since 0.1.0
 */
@FunctionalInterface
public interface ConfigReader<C> {
    C read(Settings settings, C defaults);
}
