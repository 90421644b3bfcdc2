/**
 * Beyla's OTLP to eBPF rows: its RED histograms (HTTP, gRPC, SQL; current and older metric names
 * and attribute keys) in milliseconds with +Inf, cumulative series turned into deltas, its spans;
 * and the consumers that put the rows into the ebpf pipeline behind plugin-support's OTLP servers.
 */
package dev.coral.agent.plugin.beyla.receive;
