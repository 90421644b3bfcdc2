package dev.coral.agent.support.otlp;

/**
 * A request after validation: what to keep, how many items (spans, metric points, log records)
 * it holds and how many were dropped as invalid, with a message saying why.
 *
 * @param kept the request to pass on: the original when nothing was rejected
 * @param accepted items in {@code kept}
 * @param rejected items dropped
 * @param problem why items were dropped; empty when none were
 */
record Inspection<T>(T kept, long accepted, long rejected, String problem) {
    public static <T> Inspection<T> clean(T request, long items) {
        return new Inspection<>(request, items, 0, "");
    }
}
