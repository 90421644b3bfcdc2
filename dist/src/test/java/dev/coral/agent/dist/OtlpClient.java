package dev.coral.agent.dist;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Sends spans the way an application does: the OpenTelemetry Java SDK's OTLP/gRPC exporter. */
final class OtlpClient {
    private OtlpClient() {}

    /** Error spans (always kept by the default filter), named name-0..name-(n-1). */
    static List<SpanData> errorSpans(String service, String name, int n) {
        return errorSpans(Resource.create(
                Attributes.of(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), service)), name, n);
    }

    /** Error spans of a resource (merged over the SDK's default one), named name-0..name-(n-1). */
    static List<SpanData> errorSpans(Resource own, String name, int n) {
        Resource resource = Resource.getDefault().merge(own);
        long now = System.currentTimeMillis() * 1_000_000L;
        List<SpanData> spans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] trace = new byte[16];
            byte[] span = new byte[8];
            ThreadLocalRandom.current().nextBytes(trace);
            ThreadLocalRandom.current().nextBytes(span);
            spans.add(TestSpanData.builder()
                    .setSpanContext(SpanContext.create(HexFormat.of().formatHex(trace), HexFormat.of().formatHex(span),
                            TraceFlags.getSampled(), TraceState.getDefault()))
                    .setResource(resource).setName(name + "-" + i).setKind(SpanKind.SERVER)
                    .setStartEpochNanos(now).setEndEpochNanos(now + 3_000_000)
                    .setAttributes(Attributes.of(io.opentelemetry.api.common.AttributeKey.stringKey("http.request.method"), "GET"))
                    .setStatus(StatusData.error()).setHasEnded(true).setTotalRecordedEvents(0)
                    .setTotalRecordedLinks(0).setTotalAttributeCount(1).build());
        }
        return spans;
    }

    /** Exports over gRPC; true when the agent answered OK (the spans are durable). */
    static boolean exportGrpc(int port, List<SpanData> spans) {
        OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + port)
                .setTimeout(10, TimeUnit.SECONDS).build();
        try {
            CompletableResultCode result = exporter.export(spans).join(15, TimeUnit.SECONDS);
            return result.isSuccess();
        } finally {
            exporter.shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}
