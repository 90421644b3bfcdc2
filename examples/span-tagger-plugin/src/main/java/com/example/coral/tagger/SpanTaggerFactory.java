package com.example.coral.tagger;

import dev.coral.agent.api.ComponentFactory;
import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.ProcessorFactory;
import dev.coral.agent.api.Stability;
import org.pf4j.Extension;

/**
 * Processor "span-tagger": adds the configured attributes to every span.
 *
 * <pre>
 * processors { span-tagger { attributes { deployment.environment = prod } } }
 * </pre>
 */
@Extension
public final class SpanTaggerFactory implements FactoryProvider {
    @Override
    public ComponentFactory<?> factory() {
        return ProcessorFactory.builder("span-tagger", TaggerConfig::defaults, TaggerConfig::read)
                .traces((context, config, next) -> new SpanTagger(config, next), Stability.ALPHA)
                .build();
    }
}
