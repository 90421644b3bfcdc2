package dev.coral.agent.cli;

import dev.coral.agent.server.v1.EbpfRed;
import dev.coral.agent.server.v1.LatencyQuantile;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** eBPF RED series as a table: one line per route, method or operation. */
final class RedTable {
    private RedTable() {}

    static void print(PrintWriter out, List<EbpfRed> series) {
        Tables t = new Tables("TYPE", "SERVICE", "OPERATION", "REQUESTS", "RATE", "ERRORS", "P50", "P95", "P99");
        for (EbpfRed s : series) {
            t.row(type(s), s.getServiceName(), operation(s), Long.toString(s.getRequests()), rate(s.getRatePerSecond()),
                    s.getErrorsKnown() ? percent(s.getErrorPercent()) : "-", quantile(s.hasP50(), s.getP50()),
                    quantile(s.hasP95(), s.getP95()), quantile(s.hasP99(), s.getP99()));
        }
        t.print(out);
    }

    static String type(EbpfRed s) {
        return switch (s.getMetricType()) {
            case EBPF_METRIC_TYPE_HTTP -> "http";
            case EBPF_METRIC_TYPE_GRPC -> "grpc";
            case EBPF_METRIC_TYPE_SQL -> "sql";
            default -> "?";
        };
    }

    /** {@code GET /items/{id}}, {@code /shop.Cart/Get}, {@code SELECT orders}. */
    static String operation(EbpfRed s) {
        String text = switch (s.getMetricType()) {
            case EBPF_METRIC_TYPE_HTTP -> s.getHttpMethod() + " " + s.getHttpRoute();
            case EBPF_METRIC_TYPE_GRPC -> s.getGrpcMethod();
            case EBPF_METRIC_TYPE_SQL -> s.getSqlOperation() + " " + s.getTableName();
            default -> "";
        };
        return text.isBlank() ? "-" : text.strip();
    }

    static String rate(double perSecond) {
        return Tables.number(perSecond) + "/s";
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }

    /** {@code 17.50ms}; {@code >5000ms} when the quantile is in the +Inf bucket; {@code -} without requests. */
    static String quantile(boolean present, LatencyQuantile q) {
        if (!present) {
            return "-";
        }
        return (q.getAbove() ? ">" : "") + Tables.number(q.getMs()) + "ms";
    }
}
