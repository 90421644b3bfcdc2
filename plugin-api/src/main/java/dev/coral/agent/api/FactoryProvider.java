package dev.coral.agent.api;

import org.pf4j.ExtensionPoint;

/**
 * The extension point a plugin implements, once per component type it contributes: a PF4J
 * {@code @Extension} with a public no-argument constructor that returns a factory built with
 * {@link ReceiverFactory#builder}, {@link ProcessorFactory#builder}, {@link ExporterFactory#builder}
 * or {@link StoreFactory#builder}.
 *
 * <pre>{@code
 * @Extension
 * public final class SpanTaggerProvider implements FactoryProvider {
 *     public ComponentFactory<?> factory() {
 *         return ProcessorFactory.builder("span-tagger", TaggerConfig::defaults, TaggerConfig::read)
 *                 .traces(SpanTagger::new, Stability.BETA)
 *                 .build();
 *     }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface FactoryProvider extends ExtensionPoint {
    /** The factory; called once when the plugin is loaded. */
    ComponentFactory<?> factory();
}
