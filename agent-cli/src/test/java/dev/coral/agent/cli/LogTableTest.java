package dev.coral.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.server.v1.LogRecord;
import dev.coral.agent.server.v1.QueryLogsResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code query logs}: severity names both ways, and the table's cells. */
class LogTableTest {
    @Test
    void severitiesByNameOrNumber() {
        assertThat(Severities.parse("warn")).isEqualTo(13);
        assertThat(Severities.parse("WARNING")).isEqualTo(13);
        assertThat(Severities.parse("trace")).isEqualTo(1);
        assertThat(Severities.parse("FATAL")).isEqualTo(21);
        assertThat(Severities.parse("18")).isEqualTo(18);
        assertThatThrownBy(() -> Severities.parse("25")).hasMessageContaining("a number from 1 to 24, got '25'");
        assertThatThrownBy(() -> Severities.parse("loud")).hasMessageStartingWith("--severity: expected TRACE");
        assertThat(Severities.name(13)).isEqualTo("WARN");
        assertThat(Severities.name(14)).isEqualTo("WARN2");
        assertThat(Severities.name(24)).isEqualTo("FATAL4");
        assertThat(Severities.name(0)).isEmpty();
    }

    @Test
    void aRowShowsTypedValuesReadablyAndShortIds() {
        LogRecord r = LogRecord.newBuilder().setTimeUnixNano(1_795_589_368_346_000_000L).setServiceName("shop")
                .setSeverityNumber(17).setTraceId("5b8efff798038103d269b633813fc601").setSpanId("eee19b7ec3c1b171")
                .setBody(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("order", AnyValue.newBuilder().setIntValue(8).build()))
                        .addValues(kv("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                                .addValues(string("a")).addValues(string("b"))).build()))))
                .addAttributes(kv("retry", AnyValue.newBuilder().setBoolValue(true).build()))
                .addAttributes(kv("amount", AnyValue.newBuilder().setDoubleValue(12.5).build())).build();
        LogRecord bare = LogRecord.newBuilder().setTimeUnixNano(1_795_589_368_000_000_000L).setServiceName("cart")
                .build();
        StringWriter out = new StringWriter();
        LogTable.print(new PrintWriter(out, true), QueryLogsResponse.newBuilder().addRecords(r).addRecords(bare)
                .build(), 100);
        var lines = out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("TIME").contains("SERVICE", "SEVERITY", "BODY", "TRACE", "SPAN", "ATTRIBUTES");
        assertThat(lines.get(1)).contains("shop", "ERROR", "{order=8, tags=[a, b]}", "5b8efff7 ", "eee19b7e ")
                .endsWith("retry=true, amount=12.5");
        assertThat(lines.get(2)).as("no severity, body, ids or attributes").matches(".*cart\\s+-\\s+-\\s+-\\s+-\\s+-");
        assertThat(lines.get(3)).isEqualTo("2 log records");
    }

    private static AnyValue string(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}
