package dev.coral.agent.tools.otlpload;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Export requests shaped like what an instrumented web service sends: one resource with the
 * usual SDK and host attributes, traces of a SERVER span with HTTP semantic-convention
 * attributes and CLIENT children (database and downstream HTTP), a few errors with exception
 * events (1 trace in 50) and a few slow requests (1 trace in 25 takes 0.5 to 3 s, so a latency
 * filter at 500 ms keeps some). Deterministic for a seed, except the timestamps of a live factory.
 */
final class SpanFactory {
    private static final String[] SERVICES = {"checkout", "cart", "payments", "catalog", "shipping"};
    private static final String[] ROUTES = {"/api/orders/{id}", "/api/cart", "/api/products", "/api/payments/{id}/capture",
            "/api/shipping/quote", "/healthz"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    private static final String[] QUERIES = {
            "SELECT id, status, total FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 20",
            "UPDATE carts SET updated_at = now() WHERE id = $1",
            "INSERT INTO payments (order_id, amount, currency) VALUES ($1, $2, $3)",
            "SELECT sku, name, price FROM products WHERE category = $1"};

    private static final long FIXED_BASE_NANOS = 1_767_225_600_000_000_000L;

    private final SplittableRandom random;
    private final boolean live;

    /** Traces at fixed times within one hour of 2026-01-01: the same requests for the same seed. */
    SpanFactory(long seed) {
        this(seed, false);
    }

    /** @param live traces that ended within the last second, as an application would send them now */
    SpanFactory(long seed, boolean live) {
        this.random = new SplittableRandom(seed);
        this.live = live;
    }

    ExportTraceServiceRequest request(int spans) {
        String service = SERVICES[random.nextInt(SERVICES.length)];
        List<Span> out = new ArrayList<>(spans);
        while (out.size() < spans) {
            trace(out, spans - out.size());
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(resource(service))
                        .setSchemaUrl("https://opentelemetry.io/schemas/1.37.0")
                        .addScopeSpans(ScopeSpans.newBuilder()
                                .setScope(InstrumentationScope.newBuilder()
                                        .setName("io.opentelemetry.tomcat-10.0").setVersion("2.33.1-alpha"))
                                .addAllSpans(out)))
                .build();
    }

    private Resource resource(String service) {
        return Resource.newBuilder()
                .addAttributes(str("service.name", service))
                .addAttributes(str("service.version", "1.14." + random.nextInt(9)))
                .addAttributes(str("service.instance.id", "3f1c2d9a-7b6e-4e0a-9c1d-" + Long.toHexString(random.nextLong())))
                .addAttributes(str("deployment.environment.name", "production"))
                .addAttributes(str("host.name", "ip-10-0-" + random.nextInt(256) + "-" + random.nextInt(256)))
                .addAttributes(str("host.arch", "amd64"))
                .addAttributes(str("os.type", "linux"))
                .addAttributes(integer("process.pid", 1000 + random.nextInt(60000)))
                .addAttributes(str("process.runtime.name", "OpenJDK Runtime Environment"))
                .addAttributes(str("process.runtime.version", "25.0.1+8-LTS"))
                .addAttributes(str("telemetry.sdk.name", "opentelemetry"))
                .addAttributes(str("telemetry.sdk.language", "java"))
                .addAttributes(str("telemetry.sdk.version", "1.68.0"))
                .build();
    }

    /** A SERVER span and up to five children, at most {@code room} spans. */
    private void trace(List<Span> out, int room) {
        ByteString traceId = bytes(16);
        ByteString rootId = bytes(8);
        boolean slow = random.nextInt(25) == 0;
        long duration = slow ? 500_000_000L + random.nextLong(2_500_000_000L) : 2_000_000L + random.nextLong(400_000_000L);
        long start = live
                ? System.currentTimeMillis() * 1_000_000L - duration - random.nextLong(1_000_000_000L)
                : FIXED_BASE_NANOS + random.nextLong(3_600_000_000_000L);
        int r = random.nextInt(ROUTES.length);
        boolean error = random.nextInt(50) == 0;
        int status = error ? 500 : (random.nextInt(20) == 0 ? 404 : 200);
        Span.Builder root = Span.newBuilder()
                .setTraceId(traceId).setSpanId(rootId)
                .setName(METHODS[r] + " " + ROUTES[r])
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(start + duration)
                .addAttributes(str("http.request.method", METHODS[r]))
                .addAttributes(str("http.route", ROUTES[r]))
                .addAttributes(str("url.path", ROUTES[r].replace("{id}", Integer.toString(random.nextInt(100000)))))
                .addAttributes(str("url.scheme", "https"))
                .addAttributes(integer("http.response.status_code", status))
                .addAttributes(str("server.address", "shop.example.com"))
                .addAttributes(integer("server.port", 443))
                .addAttributes(str("client.address", "10.1." + random.nextInt(256) + "." + random.nextInt(256)))
                .addAttributes(str("network.protocol.version", "1.1"))
                .addAttributes(str("user_agent.original",
                        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"))
                .addAttributes(str("thread.name", "http-nio-8080-exec-" + random.nextInt(200)));
        if (error) {
            root.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                    .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(start + duration - 1000)
                            .addAttributes(str("exception.type", "java.net.SocketTimeoutException"))
                            .addAttributes(str("exception.message", "Read timed out"))
                            .addAttributes(str("exception.stacktrace",
                                    "java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead"
                                            + "(NioSocketImpl.java:278)\n\tat com.example.PaymentsClient.capture(PaymentsClient.java:88)")));
        }
        out.add(root.build());
        int children = Math.min(room - 1, 1 + random.nextInt(5));
        for (int i = 0; i < children; i++) {
            long cs = start + random.nextLong(Math.max(1, duration / 2));
            long cd = 100_000L + random.nextLong(Math.max(1, duration / 4));
            Span.Builder child = Span.newBuilder()
                    .setTraceId(traceId).setSpanId(bytes(8)).setParentSpanId(rootId)
                    .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                    .setStartTimeUnixNano(cs).setEndTimeUnixNano(cs + cd);
            if (random.nextBoolean()) {
                String q = QUERIES[random.nextInt(QUERIES.length)];
                child.setName(q.substring(0, q.indexOf(' ')) + " shop")
                        .addAttributes(str("db.system.name", "postgresql"))
                        .addAttributes(str("db.namespace", "shop"))
                        .addAttributes(str("db.query.text", q))
                        .addAttributes(str("server.address", "db.internal"))
                        .addAttributes(integer("server.port", 5432));
            } else {
                child.setName("POST")
                        .addAttributes(str("http.request.method", "POST"))
                        .addAttributes(str("url.full", "http://inventory.internal:8080/reserve"))
                        .addAttributes(integer("http.response.status_code", 200))
                        .addAttributes(str("server.address", "inventory.internal"))
                        .addAttributes(integer("server.port", 8080));
            }
            out.add(child.build());
        }
    }

    private ByteString bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        b[0] |= 1; // never all zeros
        return ByteString.copyFrom(b);
    }

    private static KeyValue str(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }
}
