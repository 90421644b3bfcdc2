package dev.coral.agent.plugin.cpuprofiler.config;

import java.util.OptionalInt;

/**
 * Names the processes of one service: by process name ({@code comm}), by a glob over the
 * executable's path, or by a port it listens on. A process matching any part belongs to it.
 *
 * @param service the service name samples of matching processes carry
 * @param comm the process name, or empty
 * @param exeGlob a glob such as {@code "*}{@code /checkout"} over {@code /proc/<pid>/exe}, or empty
 * @param port a TCP port the process listens on, if set
 * @param jvmPerfMap whether the service's JVMs are asked for a fresh perf map each cycle (through
 *                   the HotSpot attach mechanism), so their Java frames carry method names
 */
public record ServiceRule(String service, String comm, String exeGlob, OptionalInt port, boolean jvmPerfMap) {
    /** A rule whose JVMs are not attached to. */
    public ServiceRule(String service, String comm, String exeGlob, OptionalInt port) {
        this(service, comm, exeGlob, port, false);
    }
}
