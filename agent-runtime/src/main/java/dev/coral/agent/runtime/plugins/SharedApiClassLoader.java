package dev.coral.agent.runtime.plugins;

import java.util.List;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: the plugin's own libraries first (so two plugins may use different
 * versions of a library), except for the packages that cross the plugin boundary. Those always
 * come from the runtime, or a plugin that bundled its own protobuf would hand the pipeline
 * messages of a class the runtime cannot cast.
 */
final class SharedApiClassLoader extends PluginClassLoader {
    static final List<String> SHARED_PREFIXES = List.of(
            "dev.coral.agent.api.",
            "com.google.protobuf.",
            "io.opentelemetry.proto.",
            "com.typesafe.config.",
            "org.slf4j.");

    SharedApiClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent, ClassLoadingStrategy.PDA);
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
        if (super.shouldDelegateToParent(className)) {
            return true;
        }
        for (String prefix : SHARED_PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
