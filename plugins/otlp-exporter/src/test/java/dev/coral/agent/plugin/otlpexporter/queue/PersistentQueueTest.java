package dev.coral.agent.plugin.otlpexporter.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.RefusedException;
import dev.coral.agent.plugin.otlpexporter.Requests;
import dev.coral.agent.plugin.otlpexporter.config.FullPolicy;
import dev.coral.agent.plugin.otlpexporter.send.ExportedSignal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentQueueTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private PersistentQueue open(long maxBytes, FullPolicy policy, AtomicLong dropped) throws IOException {
        return PersistentQueue.open(dir, maxBytes, policy, MIB, (s, n) -> dropped.addAndGet(n));
    }

    private static void append(PersistentQueue q, ExportTraceServiceRequest r) throws Exception {
        q.append(ExportedSignal.TRACES, ExportedSignal.TRACES.countItems(r), r.toByteArray()).get(10, TimeUnit.SECONDS);
    }

    private static ExportTraceServiceRequest traces(PersistentQueue q, Lease lease) throws IOException {
        return ExportTraceServiceRequest.parseFrom(q.payload(lease));
    }

    @Test
    void batchesOfOneSignalAreMergedIntoOneRequest() throws Exception {
        try (PersistentQueue q = open(64 * MIB, FullPolicy.BLOCK, new AtomicLong())) {
            ExportTraceServiceRequest a = Requests.traces("a", 2);
            ExportTraceServiceRequest b = Requests.traces("b", 3);
            append(q, a);
            ExportLogsServiceRequest logs = Requests.logs("a", 4);
            q.append(ExportedSignal.LOGS, 4, logs.toByteArray()).get(10, TimeUnit.SECONDS);
            append(q, b);

            Lease first = q.take(100, MIB, Duration.ZERO);
            assertThat(first.signal()).isEqualTo(ExportedSignal.TRACES);
            assertThat(first.items()).isEqualTo(5);
            assertThat(traces(q, first)).isEqualTo(a.toBuilder().addAllResourceSpans(b.getResourceSpansList()).build());
            Lease second = q.take(100, MIB, Duration.ZERO);
            assertThat(ExportLogsServiceRequest.parseFrom(q.payload(second))).isEqualTo(logs);
            assertThat(q.batches()).isEqualTo(3);
            q.ack(first);
            q.ack(second);
            assertThat(q.batches()).isZero();
            assertThat(q.size()).isZero();
        }
    }

    @Test
    void aRequestStopsAtMaxItems() throws Exception {
        try (PersistentQueue q = open(64 * MIB, FullPolicy.BLOCK, new AtomicLong())) {
            for (int i = 0; i < 4; i++) {
                append(q, Requests.traces("s" + i, 3));
            }
            assertThat(q.take(7, MIB, Duration.ZERO).items()).isEqualTo(6);
            assertThat(q.take(7, MIB, Duration.ZERO).items()).isEqualTo(6);
        }
    }

    @Test
    void whatWasNotAcknowledgedIsThereAfterAReopen() throws Exception {
        List<ExportTraceServiceRequest> sent = new ArrayList<>();
        try (PersistentQueue q = open(64 * MIB, FullPolicy.BLOCK, new AtomicLong())) {
            for (int i = 0; i < 5; i++) {
                ExportTraceServiceRequest r = Requests.traces("s" + i, 2);
                sent.add(r);
                append(q, r);
            }
            q.ack(q.take(4, MIB, Duration.ZERO));
        }
        try (PersistentQueue q = open(64 * MIB, FullPolicy.BLOCK, new AtomicLong())) {
            assertThat(q.batches()).isEqualTo(3);
            List<ExportTraceServiceRequest> left = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Lease l = q.take(1, MIB, Duration.ZERO);
                left.add(traces(q, l));
                q.ack(l);
            }
            assertThat(left).containsExactlyElementsOf(sent.subList(2, 5));
        }
        try (PersistentQueue q = open(64 * MIB, FullPolicy.BLOCK, new AtomicLong())) {
            assertThat(q.batches()).isZero();
        }
    }

    /**
     * A crash: the process dies without closing the queue (here, the files are copied while it
     * runs) and in the middle of writing a record (its last bytes never reached the file).
     */
    @Test
    void aTornLastRecordIsCutOffAndTheRestSurvives() throws Exception {
        Path crashed = dir.resolve("crashed");
        List<ExportTraceServiceRequest> sent = new ArrayList<>();
        PersistentQueue running = PersistentQueue.open(dir.resolve("live"), 64 * MIB, FullPolicy.BLOCK, MIB, (s, n) -> {});
        for (int i = 0; i < 3; i++) {
            ExportTraceServiceRequest r = Requests.traces("s" + i, 2);
            sent.add(r);
            append(running, r);
        }
        Files.createDirectories(crashed);
        try (Stream<Path> files = Files.list(dir.resolve("live"))) {
            for (Path f : files.toList()) {
                Files.copy(f, crashed.resolve(f.getFileName()));
            }
        }
        running.close();
        Path segment;
        try (Stream<Path> files = Files.list(crashed)) {
            segment = files.filter(f -> f.getFileName().toString().startsWith("segment-")).sorted().toList().getLast();
        }
        long intactSize = Files.size(segment);
        ByteBuffer torn = ByteBuffer.allocate(40).putInt(500).putInt(12345).put((byte) 1).putLong(9);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            ch.write(torn.flip());
        }
        assertThat(Files.size(segment)).isGreaterThan(intactSize);

        try (PersistentQueue q = PersistentQueue.open(crashed, 64 * MIB, FullPolicy.BLOCK, MIB, (s, n) -> {})) {
            assertThat(Files.size(segment)).isEqualTo(intactSize);
            assertThat(q.batches()).isEqualTo(3);
            ExportTraceServiceRequest after = Requests.traces("after", 1);
            append(q, after);
            List<ExportTraceServiceRequest> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(traces(q, q.take(1, MIB, Duration.ZERO)));
            }
            assertThat(got.subList(0, 3)).containsExactlyElementsOf(sent);
            assertThat(got.get(3)).isEqualTo(after);
        }
    }

    @Test
    void aCorruptRecordIsNotSent() throws Exception {
        try (PersistentQueue q = open(64 * MIB, FullPolicy.BLOCK, new AtomicLong())) {
            append(q, Requests.traces("a", 2));
            append(q, Requests.traces("b", 2));
        }
        Path segment = Segments.path(dir, Segments.list(dir).getFirst());
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            long second = Files.size(segment) / 2 + 20;
            ch.write(ByteBuffer.wrap(new byte[] {0x55}), second);
        }
        try (PersistentQueue q = open(64 * MIB, FullPolicy.BLOCK, new AtomicLong())) {
            assertThat(q.batches()).as("the first record checks, the flipped byte fails the second's CRC").isEqualTo(1);
        }
    }

    @Test
    void aFullQueueRefusesUnderBlock() throws Exception {
        byte[] payload = new byte[200 * 1024];
        try (PersistentQueue q = open(MIB, FullPolicy.BLOCK, new AtomicLong())) {
            for (int i = 0; i < 5; i++) {
                q.append(ExportedSignal.TRACES, 1, payload).get(10, TimeUnit.SECONDS);
            }
            assertThatThrownBy(() -> q.append(ExportedSignal.TRACES, 1, payload).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(RefusedException.class)
                    .satisfies(e -> assertThat(((RefusedException) e).reason()).isEqualTo(RefusedException.Reason.OVERLOADED))
                    .hasMessageContaining("sending queue is full");
            assertThat(q.size()).isLessThanOrEqualTo(MIB);
            q.ack(q.take(1, 2 * MIB, Duration.ZERO));
            q.append(ExportedSignal.TRACES, 1, payload).get(10, TimeUnit.SECONDS);
            assertThat(q.batches()).isEqualTo(5);
        }
    }

    @Test
    void aFullQueueDropsTheOldestUnderDropOldest() throws Exception {
        AtomicLong dropped = new AtomicLong();
        try (PersistentQueue q = open(MIB, FullPolicy.DROP_OLDEST, dropped)) {
            for (int i = 0; i < 10; i++) {
                byte[] payload = new byte[200 * 1024];
                payload[0] = (byte) i;
                q.append(ExportedSignal.TRACES, 3, payload).get(10, TimeUnit.SECONDS);
            }
            assertThat(q.batches()).as("five records of 200 KiB fit in 1 MiB").isEqualTo(5);
            assertThat(dropped.get()).isEqualTo(5 * 3);
            assertThat(q.size()).isLessThanOrEqualTo(MIB);
            Lease oldestLeft = q.take(1, 2 * MIB, Duration.ZERO);
            assertThat(q.payload(oldestLeft)[0]).as("the five oldest were dropped").isEqualTo((byte) 5);
        }
        try (PersistentQueue q = open(MIB, FullPolicy.DROP_OLDEST, dropped)) {
            assertThat(q.batches()).as("the drops reached the cursor").isEqualTo(5);
        }
    }

    @Test
    void segmentsAreDeletedOnceSent() throws Exception {
        try (PersistentQueue q = open(64 * MIB, FullPolicy.BLOCK, new AtomicLong())) {
            for (int i = 0; i < 12; i++) {
                q.append(ExportedSignal.TRACES, 1, new byte[300 * 1024]).get(10, TimeUnit.SECONDS);
            }
            assertThat(Segments.list(dir)).hasSizeGreaterThanOrEqualTo(4);
            for (int i = 0; i < 12; i++) {
                q.ack(q.take(1, 2 * MIB, Duration.ZERO));
            }
            assertThat(Segments.list(dir)).hasSize(1);
        }
    }

    @Test
    void aQueueDirectoryServesOneQueueAtATime() throws Exception {
        try (PersistentQueue q = open(64 * MIB, FullPolicy.BLOCK, new AtomicLong())) {
            assertThatThrownBy(() -> open(64 * MIB, FullPolicy.BLOCK, new AtomicLong()))
                    .isInstanceOf(IOException.class).hasMessageContaining("is in use by another exporter or agent");
        }
        open(64 * MIB, FullPolicy.BLOCK, new AtomicLong()).close();
    }

    @Test
    void concurrentAppendsShareFsyncsAndAllArrive() throws Exception {
        try (PersistentQueue q = open(64 * MIB, FullPolicy.BLOCK, new AtomicLong())) {
            List<java.util.concurrent.CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                all.add(q.append(ExportedSignal.TRACES, 1, Requests.traces("c" + i, 1).toByteArray()));
            }
            java.util.concurrent.CompletableFuture.allOf(all.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(20, TimeUnit.SECONDS);
            assertThat(q.batches()).isEqualTo(200);
            assertThat(q.take(1000, 64 * MIB, Duration.ZERO).items()).isEqualTo(200);
        }
    }
}
