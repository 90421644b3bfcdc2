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
 * messages of a class the runtime cannot cast. The network stack comes from the runtime too:
 * grpc-java, Netty and plugin-support (with the process's shared event loops) load once for the
 * whole process instead of once per plugin, and a plugin that bundles its own copy still gets the
 * runtime's (plugin-support's README says so to plugin authors).
 */
final class SharedApiClassLoader extends PluginClassLoader {
    static final List<String> SHARED_PREFIXES = List.of(
            "dev.coral.agent.api.",
            "com.google.protobuf.",
            "io.opentelemetry.proto.",
            "com.typesafe.config.",
            "org.slf4j.",
            "io.grpc.",
            "io.netty.",
            "dev.coral.agent.support.");

    SharedApiClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent, ClassLoadingStrategy.PDA);
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
        return super.shouldDelegateToParent(className) || crossesTheBoundary(className);
    }

    /** Whether the runtime's copy of a class must be used. */
    static boolean crossesTheBoundary(String className) {
        for (String prefix : SHARED_PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
