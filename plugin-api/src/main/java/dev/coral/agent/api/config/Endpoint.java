package dev.coral.agent.api.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * An address to listen on, written {@code host:port} or {@code [ipv6]:port}
 * ({@code 0.0.0.0:4317}, {@code [::1]:4318}, {@code 127.0.0.1:0}). Port 0 asks the OS for a free
 * port; the server then reports the port it bound. A wildcard ({@code 0.0.0.0}, {@code [::]})
 * listens on every interface.
 *
 * @param host a name or an IP address, IPv6 without brackets
 * @param port 0..65535
 * @since 0.1.0
 */
public record Endpoint(String host, int port) {
    public Endpoint {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host; write host:port, e.g. 127.0.0.1:" + Math.max(port, 0)
                    + ", or 0.0.0.0:" + Math.max(port, 0) + " to listen everywhere");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static Endpoint parse(String text) {
        String s = text.strip();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + text + "' is not [ipv6]:port");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || s.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + text + "' is not host:port (write IPv6 as [::1]:port)");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        if (!port.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("'" + text + "' has no numeric port");
        }
        return new Endpoint(host, Integer.parseInt(port));
    }

    /**
     * Reads the setting {@code key}, {@code def} when it is absent. A value that is not an
     * endpoint is recorded in {@code settings} (file, line, key) and {@code def} returned.
     */
    public static Endpoint read(Settings settings, String key, Endpoint def) {
        String text = settings.string(key, def.toString());
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            settings.reject(key, "host:port such as \"0.0.0.0:" + def.port() + "\" or \"[::1]:" + def.port() + "\" ("
                    + e.getMessage() + ")");
            return def;
        }
    }

    /** The address to bind; a name resolves to its first address, as the OS would bind it. */
    public InetSocketAddress resolve() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /** True when only this host can reach the address (127.0.0.0/8, ::1, localhost). */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** True for 0.0.0.0 / :: — every interface. */
    public boolean isWildcard() {
        String h = boundHost();
        return h.equals("0.0.0.0") || h.equals("0:0:0:0:0:0:0:0");
    }

    /**
     * True when both cannot be bound at once: the same address and port, or a wildcard and any
     * address of its family on the same port ({@code [::]} is dual-stack, so it takes IPv4 too).
     * Port 0 picks a free port and never collides. Names are compared as written: no DNS lookup.
     */
    public boolean collidesWith(Endpoint other) {
        if (port == 0 || port != other.port) {
            return false;
        }
        String mine = boundHost();
        String theirs = other.boundHost();
        return mine.equals(theirs) || covers(mine, theirs) || covers(theirs, mine);
    }

    /** The same address and port, however written ({@code [::1]} and {@code [0:0:0:0:0:0:0:1]}). */
    public boolean sameAs(Endpoint other) {
        return port == other.port && boundHost().equals(other.boundHost());
    }

    /** The host as the socket sees it: an IP literal in one spelling, a name in lower case. */
    private String boundHost() {
        try {
            return InetAddress.ofLiteral(host).getHostAddress();
        } catch (IllegalArgumentException name) {
            return host.toLowerCase(Locale.ROOT);
        }
    }

    private static boolean covers(String wildcard, String other) {
        return switch (wildcard) {
            case "0:0:0:0:0:0:0:0" -> true;
            case "0.0.0.0" -> !other.contains(":");
            default -> false;
        };
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
