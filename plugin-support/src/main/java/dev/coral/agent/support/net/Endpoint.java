package dev.coral.agent.support.net;

import dev.coral.agent.api.config.Settings;
import java.net.InetSocketAddress;

/**
 * A listening address written as {@code host:port} ({@code 0.0.0.0:4317}, {@code [::1]:4318},
 * {@code 127.0.0.1:0}). Port 0 asks the OS for a free port; the server then reports the port
 * it bound.
 *
 * @param host a name or an IP address, IPv6 without brackets
 * @param port 0..65535
 * @since 1.0
 */
public record Endpoint(String host, int port) {
    public Endpoint {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
    }

    /**
     * Parses {@code host:port}; IPv6 hosts go in brackets.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static Endpoint parse(String text) {
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("expected host:port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an IPv6 host needs brackets, e.g. [::1]:4317");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number");
        }
        return new Endpoint(host, port);
    }

    /**
     * Reads the setting {@code key} ({@code host:port}), {@code def} when it is absent. A value
     * that is not an endpoint is recorded in {@code settings} as a problem (file, line, key) and
     * {@code def} returned.
     */
    public static Endpoint read(Settings settings, String key, Endpoint def) {
        String text = settings.string(key, def.toString());
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            settings.reject(key, "host:port such as \"0.0.0.0:4317\" or \"[::1]:4317\" (" + e.getMessage() + ")");
            return def;
        }
    }

    /**
     * Whether a server on this endpoint and one on {@code other} could not both listen: the same
     * fixed port, on the same host or a wildcard address on either side.
     */
    public boolean collidesWith(Endpoint other) {
        return port != 0 && port == other.port && (host.equals(other.host) || wildcard(host) || wildcard(other.host));
    }

    private static boolean wildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** A resolved address to bind; resolving happens at start, so a bad host fails the start. */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
