/**
 * The {@code cpu-profiler} receiver: samples every CPU with perf events (aggregated in the
 * kernel by a BPF program where permitted, else read from the perf ring buffer), symbolizes the
 * stacks in the agent and sends them down the profiles pipeline. Built up in steps: see README.md.
 */
package dev.coral.agent.plugin.cpuprofiler;
