/**
 * Java method names for JVM processes without an agent inside them: through the HotSpot attach
 * mechanism (the protocol {@code jcmd} speaks, implemented here over a UNIX domain socket
 * channel) the profiler asks opted-in JVMs for a fresh {@code /tmp/perf-<pid>.map} each cycle,
 * which the symbolizer then reads like any JIT's perf map.
 */
package dev.coral.agent.plugin.cpuprofiler.jvm;
