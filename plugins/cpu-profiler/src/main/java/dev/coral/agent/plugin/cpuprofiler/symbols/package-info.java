/**
 * Symbolization in the agent: raw user and kernel addresses of sampled stacks become named
 * {@link dev.coral.agent.plugin.cpuprofiler.symbols.Frame}s. Sources: the process's
 * {@code /proc/<pid>/maps} and the mapped ELF files (our own reader, see
 * {@link dev.coral.agent.plugin.cpuprofiler.symbols.ElfFile}), {@code /proc/kallsyms} for the
 * kernel and {@code /tmp/perf-<pid>.map} for JIT code. Pure Java: no native code.
 */
package dev.coral.agent.plugin.cpuprofiler.symbols;
