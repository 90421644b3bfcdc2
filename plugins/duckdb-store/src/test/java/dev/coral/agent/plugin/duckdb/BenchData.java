package dev.coral.agent.plugin.duckdb;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Span batches for the benchmark, shaped like an OTel SDK's exports: one service per batch,
 * 20 services, HTTP server and client spans with a dozen attributes, 2 % errors, some events.
 * Deterministic (fixed seed).
 */
final class BenchData {
    static final int SERVICES = 20;
    private static final String[] ROUTES = {"/api/orders/{id}", "/api/cart", "/api/users/{id}", "/health", "/api/search",
            "/api/payments", "/api/items/{id}/reviews", "/login"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};

    private BenchData() {}

    /**
     * {@code batches} batches of {@code spansPerBatch}; span start times run from {@code startNanos}
     * to {@code startNanos + spanNanos}, in order with up to 2 s of jitter (as clients export late).
     */
    static List<ExportTraceServiceRequest> batches(int batches, int spansPerBatch, long startNanos, long spanNanos) {
        Random rnd = new Random(42);
        List<ExportTraceServiceRequest> out = new ArrayList<>(batches);
        long total = (long) batches * spansPerBatch;
        long n = 0;
        for (int b = 0; b < batches; b++) {
            int service = rnd.nextInt(SERVICES);
            ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.tomcat-10.0").setVersion("2.10.0"));
            byte[] trace = new byte[16];
            for (int i = 0; i < spansPerBatch; i++, n++) {
                if (i % 4 == 0) {
                    rnd.nextBytes(trace);
                }
                byte[] spanId = new byte[8];
                rnd.nextBytes(spanId);
                long start = startNanos + spanNanos / total * n - (long) rnd.nextInt(2_000) * 1_000_000L;
                long duration = 200_000L + (long) (rnd.nextDouble() * rnd.nextDouble() * 900_000_000L);
                boolean error = rnd.nextInt(50) == 0;
                boolean server = i % 4 == 0;
                String route = ROUTES[rnd.nextInt(ROUTES.length)];
                String method = METHODS[rnd.nextInt(METHODS.length)];
                Span.Builder span = Span.newBuilder().setTraceId(ByteString.copyFrom(trace))
                        .setSpanId(ByteString.copyFrom(spanId)).setName(method + " " + route)
                        .setKind(server ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
                        .setStartTimeUnixNano(start).setEndTimeUnixNano(start + duration)
                        .setStatus(error ? Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                                .setMessage("upstream returned 503").build() : Status.getDefaultInstance())
                        .addAttributes(Batches.attr("http.request.method", method))
                        .addAttributes(Batches.attr("http.route", route))
                        .addAttributes(Batches.attr("http.response.status_code", error ? 503 : 200))
                        .addAttributes(Batches.attr("url.path", route.replace("{id}", Integer.toString(rnd.nextInt(100_000)))))
                        .addAttributes(Batches.attr("url.scheme", "http"))
                        .addAttributes(Batches.attr("server.address", "svc-" + service + ".prod.svc.cluster.local"))
                        .addAttributes(Batches.attr("server.port", 8080))
                        .addAttributes(Batches.attr("network.protocol.version", "1.1"))
                        .addAttributes(Batches.attr("client.address", "10.0." + rnd.nextInt(256) + "." + rnd.nextInt(256)))
                        .addAttributes(Batches.attr("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) coral-bench/1.0"))
                        .addAttributes(Batches.attr("thread.name", "http-nio-8080-exec-" + rnd.nextInt(200)))
                        .addAttributes(Batches.attr("tenant", "tenant-" + rnd.nextInt(40)));
                if (error) {
                    span.addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(start + duration / 2)
                            .addAttributes(Batches.attr("exception.type", "java.io.IOException"))
                            .addAttributes(Batches.attr("exception.message", "Connection reset by peer")));
                }
                scope.addSpans(span);
            }
            out.add(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                    .setResource(resource(service)).addScopeSpans(scope)).build());
        }
        return out;
    }

    static String service(int i) {
        return "svc-" + i;
    }

    private static Resource resource(int service) {
        List<KeyValue> attrs = List.of(Batches.attr("service.name", service(service)),
                Batches.attr("service.version", "1.4." + service), Batches.attr("host.name", "node-" + (service % 5)),
                Batches.attr("k8s.pod.name", service(service) + "-7d9f8c6b5-x2x4z"),
                Batches.attr("k8s.namespace.name", "prod"), Batches.attr("telemetry.sdk.language", "java"),
                Batches.attr("telemetry.sdk.name", "opentelemetry"), Batches.attr("telemetry.sdk.version", "1.44.1"));
        return Resource.newBuilder().addAllAttributes(attrs).build();
    }
}
