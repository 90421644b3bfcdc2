package dev.coral.agent.plugin.staticfilter.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Baselines for {@link StaticFilterBenchmark}, on the same batch: walking every span and
 * reading the fields the filter reads (the least any filter costs), and decoding the batch
 * from protobuf bytes (what the receiver already pays for every span).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class SpanBaselineBenchmark {
    private ExportTraceServiceRequest batch;
    private byte[] encoded;

    @Setup
    public void setUp() {
        batch = BenchBatches.mixed();
        encoded = batch.toByteArray();
    }

    @Benchmark
    @OperationsPerInvocation(BenchBatches.SPANS)
    public long iterateOnly() {
        long sum = 0;
        for (ResourceSpans rs : batch.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    sum += span.getStatus().getCodeValue() + span.getEndTimeUnixNano() - span.getStartTimeUnixNano()
                            + span.getTraceId().byteAt(15);
                }
            }
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BenchBatches.SPANS)
    public ExportTraceServiceRequest parse() throws InvalidProtocolBufferException {
        return ExportTraceServiceRequest.parseFrom(encoded);
    }
}
