/**
 * Symbolization in the agent: raw user and kernel addresses of sampled stacks become named
 * {@link dev.coral.agent.plugin.cpuprofiler.symbols.Frame}s. Sources: the process's
 * {@code /proc/<pid>/maps} and the mapped ELF files (our own reader, see
 * {@link dev.coral.agent.plugin.cpuprofiler.symbols.ElfFile}), {@code /proc/kallsyms} for the
 * kernel, {@code /tmp/perf-<pid>.map} for JIT code and the vDSO image in the process's memory.
 * {@link dev.coral.agent.plugin.cpuprofiler.symbols.NewProcesses} reads new processes' maps while
 * they live, so short-lived ones are named after they exit. Pure Java: no native code.
 */
package dev.coral.agent.plugin.cpuprofiler.symbols;
