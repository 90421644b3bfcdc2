package dev.coral.agent.plugin.cpuprofiler.config;

import com.typesafe.config.ConfigUtil;
import dev.coral.agent.api.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The {@code cpu-profiler} receiver's settings.
 *
 * @param frequencyHz samples per second per CPU (19 by default: prime, so it does not beat with timers)
 * @param cycle how often the kernel's counts are drained, symbolized and sent on
 * @param mode how samples are taken
 * @param services rules naming processes, in file order
 * @param jvmPerfMap whether JVMs of services without a rule of their own saying otherwise are
 *                   asked for a fresh perf map each cycle (off by default: attaching sends the JVM
 *                   a SIGQUIT the first time and makes it write a file into its /tmp every cycle)
 */
public record CpuProfilerConfig(int frequencyHz, Duration cycle, CaptureMode mode, List<ServiceRule> services,
        boolean jvmPerfMap) {
    /** Above this the sampling itself would cost more than the 3 % of a core the design allows. */
    static final int MAX_FREQUENCY_HZ = 1000;
    static final Duration MIN_CYCLE = Duration.ofSeconds(1);

    public CpuProfilerConfig {
        services = List.copyOf(services);
    }

    /** Settings whose JVMs are not attached to. */
    public CpuProfilerConfig(int frequencyHz, Duration cycle, CaptureMode mode, List<ServiceRule> services) {
        this(frequencyHz, cycle, mode, services, false);
    }

    public static CpuProfilerConfig defaults() {
        return new CpuProfilerConfig(19, Duration.ofSeconds(15), CaptureMode.AUTO, List.of(), false);
    }

    /** @return whether the JVMs of this service are asked for perf maps: its rule's word, else the agent-wide one */
    public boolean jvmPerfMapFor(String service) {
        for (ServiceRule rule : services) {
            if (rule.service().equals(service)) {
                return rule.jvmPerfMap();
            }
        }
        return jvmPerfMap;
    }

    /** Reads the block over {@code d}; each bad value is recorded with file, line and key. */
    public static CpuProfilerConfig read(Settings s, CpuProfilerConfig d) {
        int hz = s.integer("frequency-hz", d.frequencyHz(), n -> n >= 1 && n <= MAX_FREQUENCY_HZ,
                "a frequency from 1 to " + MAX_FREQUENCY_HZ + " Hz, such as 19");
        Duration cycle = s.duration("cycle", d.cycle(), c -> c.compareTo(MIN_CYCLE) >= 0,
                "a duration of at least 1s, such as 15s");
        String modeWord = s.string("mode", d.mode().word(), w -> CaptureMode.of(w).isPresent(), "auto, bpf or perf");
        CaptureMode mode = CaptureMode.of(modeWord).orElse(d.mode());
        boolean jvmPerfMap = s.flag("jvm-perf-map", d.jvmPerfMap());
        List<ServiceRule> services = new ArrayList<>(d.services());
        Settings block = s.section("services");
        for (String name : block.keys()) {
            Settings rule = block.section(ConfigUtil.joinPath(name));
            String comm = rule.string("comm", "");
            String exe = rule.string("exe", "");
            int port = rule.integer("port", 0, p -> p >= 0 && p <= 65_535, "a TCP port");
            boolean attach = rule.flag("jvm-perf-map", jvmPerfMap);
            if (comm.isEmpty() && exe.isEmpty() && port == 0) {
                rule.reject("", "comm, exe or port to name the service's processes");
                continue;
            }
            services.add(new ServiceRule(name, comm, exe, port == 0 ? OptionalInt.empty() : OptionalInt.of(port), attach));
        }
        return new CpuProfilerConfig(hz, cycle, mode, services, jvmPerfMap);
    }
}
