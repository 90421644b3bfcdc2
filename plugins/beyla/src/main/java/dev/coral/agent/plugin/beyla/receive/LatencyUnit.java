package dev.coral.agent.plugin.beyla.receive;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The unit a duration histogram was sent in, and its bucket bounds in milliseconds. Beyla sends
 * seconds ({@code s}); older exporters and other instrumenters may send {@code ms}. An empty
 * unit is taken as seconds, Beyla's only unit in every version.
 */
enum LatencyUnit {
    SECONDS(3), MILLISECONDS(0), MICROSECONDS(-3), NANOSECONDS(-6);

    /** Decimal places from the unit to milliseconds. */
    private final int shift;

    LatencyUnit(int shift) {
        this.shift = shift;
    }

    /** The unit named by OTLP's UCUM {@code unit} field; empty for a unit that is not a duration. */
    static Optional<LatencyUnit> of(String unit) {
        return switch (unit.strip()) {
            case "s", "" -> Optional.of(SECONDS);
            case "ms" -> Optional.of(MILLISECONDS);
            case "us", "µs" -> Optional.of(MICROSECONDS);
            case "ns" -> Optional.of(NANOSECONDS);
            default -> Optional.empty();
        };
    }

    /**
     * Bounds in milliseconds, moved by decimal places so that Beyla's 0.005 s is exactly 5 ms
     * (multiplying by 1000.0 would give 0.075 s as 74.99999999999999 ms).
     */
    double[] toMillis(List<Double> bounds) {
        double[] out = new double[bounds.size()];
        for (int i = 0; i < out.length; i++) {
            double b = bounds.get(i);
            out[i] = shift == 0 || !Double.isFinite(b) ? b : new BigDecimal(Double.toString(b)).movePointRight(shift).doubleValue();
        }
        return out;
    }
}
