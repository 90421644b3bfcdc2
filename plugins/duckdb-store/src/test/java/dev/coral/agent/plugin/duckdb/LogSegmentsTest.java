package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest log's file format: records read back exactly, and a damaged record ends the log there. */
class LogSegmentsTest {
    @TempDir
    Path dir;

    @Test
    void recordsReadBackAsWrittenUpToTheZerosThatFillTheSegment() throws IOException {
        Path segment = LogSegments.segment(dir, 7);
        assertThat(segment.getFileName().toString()).isEqualTo("00000000000000000007.log");
        List<ExportTraceServiceRequest> sent = List.of(Batches.spans("a", 1, 3, 1_000), Batches.spans("b", 2, 1, 2_000));
        try (OutputStream out = Files.newOutputStream(segment)) {
            for (int i = 0; i < sent.size(); i++) {
                byte[] frame = LogSegments.frame(Signal.TRACES, 100 + i, sent.get(i));
                LogSegments.seal(frame, 7 + i);
                out.write(frame);
            }
            out.write(new byte[4096]);
        }
        List<LogSegments.Record> read = new ArrayList<>();
        assertThat(LogSegments.read(segment, read::add)).isEqualTo(8);
        assertThat(read).extracting(LogSegments.Record::lsn).containsExactly(7L, 8L);
        assertThat(read).extracting(LogSegments.Record::createdMicros).containsExactly(100L, 101L);
        assertThat(read).extracting(LogSegments.Record::signal).containsOnly(Signal.TRACES);
        assertThat(ExportTraceServiceRequest.parseFrom(read.get(0).payload())).isEqualTo(sent.get(0));
        assertThat(ExportTraceServiceRequest.parseFrom(read.get(1).payload())).isEqualTo(sent.get(1));
        assertThat(LogSegments.list(dir)).containsExactly(segment);
    }

    @Test
    void aRecordFailingItsCrcEndsTheLogAndIsCutWithWhatFollows() throws IOException {
        Path segment = LogSegments.segment(dir, 1);
        byte[] first = LogSegments.frame(Signal.LOGS, 1, Batches.spans("a", 1, 2, 1_000));
        LogSegments.seal(first, 1);
        byte[] second = LogSegments.frame(Signal.LOGS, 2, Batches.spans("a", 2, 2, 1_000));
        LogSegments.seal(second, 2);
        second[second.length - 1] ^= 1; // one bit flipped in the payload
        byte[] third = LogSegments.frame(Signal.LOGS, 3, Batches.spans("a", 3, 2, 1_000));
        LogSegments.seal(third, 3);
        try (OutputStream out = Files.newOutputStream(segment)) {
            out.write(first);
            out.write(second);
            out.write(third);
        }
        List<Long> lsns = new ArrayList<>();
        assertThat(LogSegments.read(segment, r -> lsns.add(r.lsn()))).isEqualTo(1);
        assertThat(lsns).containsExactly(1L);
        assertThat(Files.size(segment)).as("cut after the last whole record").isEqualTo(first.length);
    }

    @Test
    void onlyTheOtlpSignalsGoThroughTheLog() {
        assertThat(Signal.all()).filteredOn(LogSegments::holds)
                .containsExactlyInAnyOrder(Signal.TRACES, Signal.METRICS, Signal.LOGS);
    }
}
