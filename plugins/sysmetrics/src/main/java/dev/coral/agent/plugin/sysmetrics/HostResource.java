package dev.coral.agent.plugin.sysmetrics;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The OTLP Resource of every sample: {@code host.name} and {@code os.type}, as hostmetrics' resource detection. */
final class HostResource {
    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private HostResource() {}

    static Resource detect() {
        return Resource.newBuilder()
                .addAttributes(attribute("host.name", hostName()))
                .addAttributes(attribute("os.type", osType(System.getProperty("os.name", ""))))
                .build();
    }

    /**
     * The kernel's host name where it can be read without a lookup; the resolver's answer only as
     * a last resort, since {@code InetAddress.getLocalHost()} may wait on DNS.
     */
    static String hostName() {
        try {
            if (Files.isReadable(KERNEL_HOSTNAME)) {
                String name = Files.readString(KERNEL_HOSTNAME).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (IOException e) {
            // fall through to the other sources
        }
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String name = System.getenv(variable);
            if (name != null && !name.isBlank()) {
                return name.strip();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The OpenTelemetry {@code os.type} value for a Java {@code os.name}. */
    static String osType(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return "linux";
        } else if (os.startsWith("windows")) {
            return "windows";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            return "darwin";
        } else if (os.startsWith("freebsd")) {
            return "freebsd";
        } else if (os.startsWith("openbsd")) {
            return "openbsd";
        } else if (os.startsWith("netbsd")) {
            return "netbsd";
        } else if (os.startsWith("sunos") || os.startsWith("solaris")) {
            return "solaris";
        } else if (os.startsWith("aix")) {
            return "aix";
        }
        return os.replace(' ', '_');
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
