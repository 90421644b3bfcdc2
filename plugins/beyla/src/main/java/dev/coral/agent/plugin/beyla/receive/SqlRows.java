package dev.coral.agent.plugin.beyla.receive;

import dev.coral.agent.api.ebpf.LatencyHistogram;
import dev.coral.agent.api.ebpf.SqlRed;
import java.util.Map;

/**
 * SQL client rows from Beyla's attributes: the operation from {@code db.operation.name} (old
 * {@code db.operation}), the table from {@code db.collection.name} (old {@code db.sql.table}),
 * which Beyla sends only when configured to.
 */
final class SqlRows {
    private SqlRows() {}

    /** @param attributes the point's attributes, a copy this takes the mapped keys out of */
    static SqlRed of(String service, long timestampMillis, LatencyHistogram latency, long count,
            Map<String, String> attributes) {
        String operation = AttributeValues.take(attributes, "db.operation.name", "db.operation");
        String table = AttributeValues.take(attributes, "db.collection.name", "db.sql.table");
        return new SqlRed(timestampMillis, service, operation, table, latency, count, attributes);
    }
}
