package dev.coral.agent.support.otlp;

import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CORS for browser SDKs, as the Collector's {@code cors} settings: origins may be exact, have
 * one {@code *} wildcard, or be {@code *}. Preflight requests ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) are answered here; actual responses get
 * {@code Access-Control-Allow-Origin} when the origin is allowed.
 */
final class CorsPolicy {
    /** What a browser OTLP exporter sends besides simple headers. */
    private static final List<String> BASE_HEADERS = List.of("content-type", "content-encoding", "accept", "x-requested-with");

    private final boolean enabled;
    private final List<Pattern> origins;
    private final Set<String> allowedHeaders;
    private final long maxAgeSeconds;

    CorsPolicy(HttpServerSettings.Cors config) {
        this.enabled = config.enabled();
        List<Pattern> patterns = new ArrayList<>();
        for (String o : config.allowedOrigins()) {
            patterns.add(toPattern(o));
        }
        this.origins = List.copyOf(patterns);
        Set<String> headers = new LinkedHashSet<>(BASE_HEADERS);
        for (String h : config.allowedHeaders()) {
            headers.add(h.toLowerCase(Locale.ROOT));
        }
        this.allowedHeaders = Set.copyOf(headers);
        this.maxAgeSeconds = config.maxAge().toSeconds();
    }

    boolean enabled() {
        return enabled;
    }

    boolean isPreflight(HttpRequest request) {
        return enabled && HttpMethod.OPTIONS.equals(request.method())
                && request.headers().contains(HttpHeaderNames.ORIGIN)
                && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    boolean allows(String origin) {
        if (!enabled || origin == null) {
            return false;
        }
        for (Pattern p : origins) {
            if (p.matcher(origin).matches()) {
                return true;
            }
        }
        return false;
    }

    /** 204 with the allowances for an allowed origin and POST; 403 otherwise. */
    FullHttpResponse preflight(HttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        String method = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        String requested = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS, "");
        boolean ok = allows(origin) && "POST".equalsIgnoreCase(method.strip()) && headersAllowed(requested);
        FullHttpResponse r = new DefaultFullHttpResponse(request.protocolVersion(),
                ok ? HttpResponseStatus.NO_CONTENT : HttpResponseStatus.FORBIDDEN);
        HttpHeaders h = r.headers();
        h.set(HttpHeaderNames.VARY, "Origin");
        h.set(HttpHeaderNames.CONTENT_LENGTH, 0);
        if (ok) {
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST");
            if (!requested.isBlank()) {
                h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requested);
            }
            if (maxAgeSeconds > 0) {
                h.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, maxAgeSeconds);
            }
        }
        return r;
    }

    /** Adds the allowance to an actual response, when the request came from an allowed origin. */
    void decorate(HttpHeaders response, String origin) {
        if (allows(origin)) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.add(HttpHeaderNames.VARY, "Origin");
        }
    }

    private boolean headersAllowed(String requested) {
        for (String h : requested.split(",")) {
            String name = h.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !allowedHeaders.contains(name)) {
                return false;
            }
        }
        return true;
    }

    private static Pattern toPattern(String origin) {
        if (origin.equals("*")) {
            return Pattern.compile(".+");
        }
        int star = origin.indexOf('*');
        if (star < 0) {
            return Pattern.compile(Pattern.quote(origin), Pattern.CASE_INSENSITIVE);
        }
        return Pattern.compile(Pattern.quote(origin.substring(0, star)) + "[^/]*"
                + Pattern.quote(origin.substring(star + 1)), Pattern.CASE_INSENSITIVE);
    }
}
