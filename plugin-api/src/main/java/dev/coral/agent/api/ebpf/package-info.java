/**
 * eBPF auto-instrumentation data (Beyla's RED metrics and traces) as the {@code ebpf} signal
 * carries it: typed rows, already mapped from OTLP by the receiver that knows their shapes, so a
 * store appends them to its tables without knowing OTLP metric names. Latency histograms are in
 * milliseconds with an explicit +Inf bucket; counts are deltas per row.
 *
 * @since 0.1.0
 */
package dev.coral.agent.api.ebpf;
