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
        return super.shouldDelegateToParent(className) || crossesTheBoundary(className);
    }

    /**
     * Whether the runtime's copy of a class must be used. The OTLP messages must, but not the
     * generated {@code *Grpc} service stubs beside them in opentelemetry-proto: those link to
     * grpc-java, which each plugin that serves gRPC bundles in its own version.
     */
    static boolean crossesTheBoundary(String className) {
        if (className.startsWith("io.opentelemetry.proto.") && isGrpcStub(className)) {
            return false;
        }
        for (String prefix : SHARED_PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isGrpcStub(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        return (nested < 0 ? simple : simple.substring(0, nested)).endsWith("Grpc");
    }
}
