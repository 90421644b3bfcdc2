package dev.coral.agent.plugin.otlpexporter.bench;

import dev.coral.agent.plugin.otlpexporter.Requests;
import dev.coral.agent.plugin.otlpexporter.config.FullPolicy;
import dev.coral.agent.plugin.otlpexporter.queue.Lease;
import dev.coral.agent.plugin.otlpexporter.queue.PersistentQueue;
import dev.coral.agent.plugin.otlpexporter.send.ExportedSignal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the sending queue costs per batch: append one export request (serialized, CRC, written,
 * fsynced), while a sender thread takes and acknowledges what is queued. Baseline in the same run: the
 * bare floor, the same bytes written and fsynced with a FileChannel. With 8 threads the
 * queue's group commit shares one fsync among the batches waiting.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QueueWriteBenchmark {
    @Param({"200"})
    int spans;

    private ExportTraceServiceRequest request;
    private Path dir;
    private PersistentQueue queue;
    private FileChannel raw;
    private final AtomicLong acked = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        request = Requests.traces("bench", spans);
        dir = Files.createTempDirectory("queue-bench");
        queue = PersistentQueue.open(dir.resolve("queue"), 1L << 30, FullPolicy.BLOCK, 64L << 20, (s, n) -> {});
        raw = FileChannel.open(dir.resolve("raw.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        Thread.ofPlatform().daemon().name("bench-drain").start(this::drain);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        queue.close();
        raw.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The queue: serialize, append, fsync (group commit); a drain thread takes and acks. */
    @Benchmark
    public long queueAppendFsyncAck() throws Exception {
        return appendAndAck();
    }

    @Benchmark
    @Threads(8)
    public long queueAppendFsyncAck8Threads() throws Exception {
        return appendAndAck();
    }

    /** The floor: the same bytes, written and fsynced on their own. */
    @Benchmark
    public long rawWriteFsync() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(request.toByteArray());
        synchronized (raw) {
            raw.write(b);
            raw.force(false);
            if (raw.position() > (64L << 20)) {
                raw.truncate(0);
            }
            return raw.position();
        }
    }

    private long appendAndAck() throws Exception {
        queue.append(ExportedSignal.TRACES, spans, request.toByteArray()).get();
        return acked.get();
    }

    /** Stands for the senders: takes and acknowledges whatever is queued, so the queue stays small. */
    private void drain() {
        try {
            Lease lease;
            while ((lease = queue.take(Long.MAX_VALUE, 64L << 20, Duration.ZERO)) != null) {
                queue.ack(lease);
                acked.addAndGet(lease.batches());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
