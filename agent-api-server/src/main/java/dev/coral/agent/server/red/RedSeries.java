package dev.coral.agent.server.red;

import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.LatencyHistogram;
import dev.coral.agent.api.ebpf.SqlRed;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * eBPF RED rows of a time range added up per series: an HTTP method and route, a gRPC method, a
 * SQL operation and table, each of one service, all status codes together. Errors are HTTP 5xx
 * answers and gRPC calls whose status is not OK (0); a SQL row says nothing of its outcome, so SQL
 * series have no error count. Not thread-safe.
 */
public final class RedSeries {
    public enum Kind { HTTP, GRPC, SQL }

    /**
     * What a series is.
     *
     * @param first the HTTP method, the gRPC method or the SQL operation
     * @param second the HTTP route or the SQL table; empty for gRPC
     */
    public record Key(Kind kind, String service, String first, String second) {}

    /** One series' totals over the range. */
    public static final class Series {
        private final Key key;
        private final MergedHistogram latency = new MergedHistogram();
        private long requests;
        private long errors;

        Series(Key key) {
            this.key = key;
        }

        public Key key() {
            return key;
        }

        public long requests() {
            return requests;
        }

        public long errors() {
            return errors;
        }

        /** False for SQL: its rows carry no outcome. */
        public boolean errorsKnown() {
            return key.kind() != Kind.SQL;
        }

        public MergedHistogram latency() {
            return latency;
        }
    }

    private final Map<Key, Series> series = new HashMap<>();
    private long rows;

    public void http(HttpRed r) {
        add(new Key(Kind.HTTP, r.serviceName(), r.method(), r.route()), r.requestCount(),
                r.statusCode() >= 500, r.latency());
    }

    public void grpc(GrpcRed r) {
        add(new Key(Kind.GRPC, r.serviceName(), r.method(), ""), r.requestCount(), r.statusCode() != 0, r.latency());
    }

    public void sql(SqlRed r) {
        add(new Key(Kind.SQL, r.serviceName(), r.operation(), r.table()), r.queryCount(), false, r.latency());
    }

    private void add(Key key, long requests, boolean failed, LatencyHistogram latency) {
        Series s = series.computeIfAbsent(key, Series::new);
        s.requests += requests;
        if (failed) {
            s.errors += requests;
        }
        s.latency.add(latency.boundsMs(), latency.counts());
        rows++;
    }

    /** Rows added. */
    public long rows() {
        return rows;
    }

    /** HTTP, then gRPC, then SQL; within each the busiest first, then by service and name. */
    public List<Series> sorted() {
        return series.values().stream().sorted(Comparator.comparing((Series s) -> s.key().kind())
                .thenComparing(Comparator.comparingLong(Series::requests).reversed())
                .thenComparing(s -> s.key().service()).thenComparing(s -> s.key().first())
                .thenComparing(s -> s.key().second())).toList();
    }
}
