package dev.coral.agent.runtime.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * One entry of {@code agent.api.listen}: {@code host:port}, {@code [v6]:port}. The list is the
 * only way to expose the API: nothing but what is written there is bound, and the default is
 * loopback only. A wildcard ({@code 0.0.0.0}, {@code [::]}) is honoured only because someone
 * wrote it out.
 */
public record ListenAddress(String host, int port) {
    public ListenAddress {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host; write 127.0.0.1:9001, or 0.0.0.0:9001 to listen everywhere");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
    }

    /**
     * Parses {@code host:port} or {@code [v6]:port}; port 0 picks a free port (tests).
     *
     * @throws IllegalArgumentException saying what is wrong, for a config problem
     */
    public static ListenAddress parse(String text) {
        String s = text.trim();
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
                throw new IllegalArgumentException("'" + text + "' is not host:port (write IPv6 as [::1]:9001)");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        if (!port.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("'" + text + "' has no numeric port");
        }
        return new ListenAddress(host, Integer.parseInt(port));
    }

    /** Resolves the host; a name resolves to its first address, as the OS would bind it. */
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
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0");
    }

    /**
     * True when both cannot be bound at once: the same address and port, or a wildcard and any
     * address of its family on the same port ({@code [::]} is dual-stack, so it takes IPv4 too).
     * Port 0 picks a free port and never collides. Names are compared as written: no DNS lookup.
     */
    public boolean collidesWith(ListenAddress other) {
        if (port == 0 || port != other.port) {
            return false;
        }
        String mine = boundHost();
        String theirs = other.boundHost();
        return mine.equals(theirs) || covers(mine, theirs) || covers(theirs, mine);
    }

    /** The same address and port, however written ({@code [::1]} and {@code [0:0:0:0:0:0:0:1]}). */
    public boolean sameAs(ListenAddress other) {
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
