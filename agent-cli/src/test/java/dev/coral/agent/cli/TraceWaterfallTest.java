package dev.coral.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.server.v1.SpanEvent;
import dev.coral.agent.server.v1.StoredSpan;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layout of {@code query spans --trace}: tree order, indentation, bars on the timeline, orphans. */
class TraceWaterfallTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final long T0 = 1_772_359_200_000_000_000L;
    private static final long MS = 1_000_000L;

    private static StoredSpan span(String id, String parent, String name, String service, long startMs, long endMs) {
        return StoredSpan.newBuilder().setTraceId(TRACE).setSpanId(id).setParentSpanId(parent).setName(name)
                .setServiceName(service).setStartTimeUnixNano(T0 + startMs * MS).setEndTimeUnixNano(T0 + endMs * MS)
                .build();
    }

    /** checkout's GET /cart (0..100 ms) calls cart (10..30) and pay (40..90, failing), which queries the db (50..60). */
    private static final StoredSpan ROOT = span("000000000000000a", "", "GET /cart", "checkout", 0, 100);
    private static final StoredSpan CART = span("000000000000000b", "000000000000000a", "cart.get", "cart", 10, 30);
    private static final StoredSpan PAY = span("000000000000000c", "000000000000000a", "pay", "payments", 40, 90)
            .toBuilder().setIsError(true).setStatusMessage("card declined")
            .addEvents(SpanEvent.newBuilder().setName("retry").setTimeUnixNano(T0 + 45 * MS)
                    .addAttributes(KeyValue.newBuilder().setKey("attempt").setValue(AnyValue.newBuilder().setIntValue(2)))
                    .addAttributes(KeyValue.newBuilder().setKey("skus").setValue(AnyValue.newBuilder()
                            .setArrayValue(ArrayValue.newBuilder()
                                    .addValues(AnyValue.newBuilder().setStringValue("sku-1"))
                                    .addValues(AnyValue.newBuilder().setStringValue("sku-2"))))))
            .build();
    private static final StoredSpan DB = span("000000000000000d", "000000000000000c", "SELECT cards", "payments", 50, 60);
    /** Its parent was sampled out. */
    private static final StoredSpan ORPHAN = span("000000000000000e", "00000000000000ff", "async.send", "mailer", 20, 25);

    /** Given in an order that is neither the tree's nor the start times'. */
    private static final List<StoredSpan> SPANS = List.of(DB, ORPHAN, PAY, ROOT, CART);

    @Test
    void spansComeDepthFirstChildrenByStartTimeOrphansAtTheRoot() {
        List<TraceWaterfall.Line> lines = new TraceWaterfall(SPANS, 20).lines();
        assertThat(lines).extracting(l -> l.span().getName())
                .containsExactly("GET /cart", "cart.get", "pay", "SELECT cards", "async.send");
        assertThat(lines).extracting(TraceWaterfall.Line::depth).containsExactly(0, 1, 1, 2, 0);
        assertThat(lines).extracting(TraceWaterfall.Line::orphan).containsExactly(false, false, false, false, true);
    }

    @Test
    void barsArePlacedAndScaledOnTheTracesTimeline() {
        // 100 ms over 20 columns: 5 ms a column; a bar covers every column its span touches.
        List<TraceWaterfall.Line> lines = new TraceWaterfall(SPANS, 20).lines();
        assertThat(lines).extracting(TraceWaterfall.Line::barStart).containsExactly(0, 2, 8, 10, 4);
        assertThat(lines).extracting(TraceWaterfall.Line::barLength).containsExactly(20, 4, 10, 2, 1);
        List<TraceWaterfall.Line> wide = new TraceWaterfall(SPANS, 100).lines();
        assertThat(wide).extracting(TraceWaterfall.Line::barStart).containsExactly(0, 10, 40, 50, 20);
        assertThat(wide).extracting(TraceWaterfall.Line::barLength).containsExactly(100, 20, 50, 10, 5);
    }

    @Test
    void drawnAsAnIndentedTreeWithStatusDurationsBarsAndEvents() {
        StringWriter text = new StringWriter();
        new TraceWaterfall(SPANS, 20).print(new PrintWriter(text, true), TRACE, true);
        List<String> lines = text.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("trace " + TRACE + "  5 spans, 4 services, 100.0ms, started ");
        assertThat(lines.get(1)).matches("SPAN\\s+SERVICE\\s+DURATION\\s+STATUS\\s+0 {12}100.0ms");
        int bars = lines.get(1).indexOf("0 ");
        assertThat(lines).hasSize(9);
        assertThat(lines.get(2)).startsWith("GET /cart ").contains("checkout").contains("100.0ms").contains(" ok ")
                .endsWith("█".repeat(20));
        assertThat(lines.get(3)).startsWith("  cart.get ").contains("20.0ms");
        assertThat(lines.get(3).substring(bars)).isEqualTo("  ████");
        assertThat(lines.get(4)).startsWith("  pay ").contains("50.0ms").contains("ERROR: card declined");
        assertThat(lines.get(4).substring(bars)).as("an error's bar in another shade").isEqualTo(" ".repeat(8) + "▓".repeat(10));
        assertThat(lines.get(5)).startsWith("    · retry ").contains("+5.00ms");
        assertThat(lines.get(5).substring(bars)).isEqualTo(" ".repeat(9) + "◆  attempt=2, skus=[sku-1, sku-2]");
        assertThat(lines.get(6)).startsWith("    SELECT cards ").contains("10.0ms");
        assertThat(lines.get(6).substring(bars)).isEqualTo(" ".repeat(10) + "██");
        assertThat(lines.get(7)).startsWith("async.send (orphan) ").contains("mailer").contains("5.00ms");
        assertThat(lines.get(7).substring(bars)).isEqualTo("    █");
        assertThat(lines.get(8)).startsWith("(orphan): its parent span is not stored");

        StringWriter noEvents = new StringWriter();
        new TraceWaterfall(SPANS, 20).print(new PrintWriter(noEvents, true), TRACE, false);
        assertThat(noEvents.toString()).doesNotContain("retry").contains("SELECT cards");
    }

    @Test
    void aParentCycleEndsAndItsSpansShowAsOrphans() {
        StoredSpan a = span("00000000000000a1", "00000000000000a2", "a", "s", 0, 10);
        StoredSpan b = span("00000000000000a2", "00000000000000a1", "b", "s", 2, 5);
        List<TraceWaterfall.Line> lines = new TraceWaterfall(List.of(b, a), 10).lines();
        assertThat(lines).extracting(l -> l.span().getName() + "@" + l.depth() + (l.orphan() ? " orphan" : ""))
                .containsExactly("a@0 orphan", "b@1");
    }

    @Test
    void aSpanOfNoLengthStillGetsOneColumnAndAWidthBelowOneIsRefused() {
        StoredSpan instant = span("00000000000000b1", "", "tick", "s", 7, 7);
        assertThat(new TraceWaterfall(List.of(instant), 30).lines()).singleElement()
                .satisfies(l -> assertThat(List.of(l.barStart(), l.barLength())).containsExactly(0, 1));
        StoredSpan late = span("00000000000000b2", "00000000000000b1", "late", "s", 10, 10);
        assertThat(new TraceWaterfall(List.of(instant, late), 30).lines()).last()
                .satisfies(l -> assertThat(List.of(l.barStart(), l.barLength())).containsExactly(29, 1));
        assertThatThrownBy(() -> new TraceWaterfall(List.of(instant), 0)).hasMessageContaining("--width");
        StringWriter none = new StringWriter();
        new TraceWaterfall(List.of(), 30).print(new PrintWriter(none, true), TRACE, false);
        assertThat(none.toString()).isEqualTo("no spans of trace " + TRACE + System.lineSeparator());
    }
}
