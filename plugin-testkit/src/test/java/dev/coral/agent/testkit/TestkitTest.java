package dev.coral.agent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.InflightLedger;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.StatusReporter.Health;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class TestkitTest {
    @Test
    void countersAreOnePerNameAndLabelsWhateverTheLabelOrder() {
        TestTelemetry t = new TestTelemetry();
        t.counter("x", "", Map.of("a", "1", "b", "2")).add(2);
        t.counter("x", "", Map.of("b", "2", "a", "1")).add(3);
        t.counter("x", "").add(10);

        assertThat(t.value("x", Map.of("a", "1", "b", "2"))).isEqualTo(5);
        assertThat(t.value("x")).isEqualTo(10);
        assertThat(t.sum("x")).isEqualTo(15);
        assertThat(t.value("never")).isZero();
    }

    @Test
    void gaugesAreReadWhenAsked() {
        TestTelemetry t = new TestTelemetry();
        double[] v = {1};
        t.gauge("g", "", Map.of(), () -> v[0]);
        v[0] = 7;
        assertThat(t.gauge("g")).isEqualTo(7);
        assertThatThrownBy(() -> t.gauge("other")).isInstanceOf(NoSuchElementException.class).hasMessageContaining("other");
    }

    @Test
    void histogramsCountAndSumWhatTheyRecord() {
        TestTelemetry t = new TestTelemetry();
        t.histogram("h", "", Map.of("a", "1"), List.of(1.0)).record(0.5);
        t.histogram("h", "", Map.of("a", "1"), List.of(1.0)).record(2.0);
        assertThat(t.histogram("h", Map.of("a", "1")).count()).isEqualTo(2);
        assertThat(t.histogram("h", Map.of("a", "1")).sum()).isEqualTo(2.5);
        assertThatThrownBy(() -> t.histogram("h", Map.of())).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void theLedgerRefusesPastItsLimitAndAfterClose() throws Exception {
        TestInflightLedger ledger = new TestInflightLedger(6400);
        InflightLedger.Ticket big = ledger.reserve(5000);
        assertThatThrownBy(() -> ledger.reserve(2000)).isInstanceOf(RefusedException.class)
                .extracting(e -> ((RefusedException) e).reason()).isEqualTo(RefusedException.Reason.OVERLOADED);
        ledger.setLimit(8000);
        InflightLedger.Ticket more = ledger.reserve(2000);
        assertThat(ledger.inUse()).isEqualTo(7000);
        big.close();
        big.close();
        assertThat(ledger.inUse()).isEqualTo(2000);
        ledger.close();
        assertThatThrownBy(() -> ledger.reserve(1)).isInstanceOf(RefusedException.class)
                .extracting(e -> ((RefusedException) e).reason()).isEqualTo(RefusedException.Reason.UNAVAILABLE);
        assertThat(ledger.awaitIdle(Duration.ofMillis(10))).isFalse();
        more.close();
        assertThat(ledger.awaitIdle(Duration.ZERO)).isTrue();
        assertThat(TestInflightLedger.unlimited().reserve(Long.MAX_VALUE / 2).bytes()).isEqualTo(Long.MAX_VALUE / 2);
    }

    @Test
    void theContextKeepsStatusReports() {
        TestComponentContext c = TestComponentContext.builder(ComponentKind.RECEIVER, "otlp/edge").build();
        c.status().report(Health.OK, "listening");
        assertThat(c.id().toString()).isEqualTo("otlp/edge");
        assertThat(c.reports()).extracting(Object::toString).containsExactly("OK: listening");
    }
}
