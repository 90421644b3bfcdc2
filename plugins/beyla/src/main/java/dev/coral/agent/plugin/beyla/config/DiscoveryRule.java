package dev.coral.agent.plugin.beyla.config;

import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.api.config.Settings;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One entry of {@code discovery.services}: which processes Beyla instruments, mapped to one
 * element of Beyla's {@code discovery.instrument} list. Selectors of one rule must all match.
 *
 * @param name the {@code service.name} Beyla gives matches (empty: Beyla's own choice)
 * @param openPorts ports or ranges the process listens on, e.g. {@code 80,443,8000-8999}
 * @param exePath a glob on the executable's full path, e.g. {@code *shop*}
 * @param cmdArgs a glob on the command line arguments
 * @param languages a glob on the detected language, e.g. {@code java}
 */
public record DiscoveryRule(String name, String openPorts, String exePath, String cmdArgs, String languages) {
    private static final Pattern PORTS = Pattern.compile("\\d{1,5}(-\\d{1,5})?(,\\d{1,5}(-\\d{1,5})?)*");

    /** Reads one element; a rule without any selector is a problem (Beyla refuses such entries). */
    static DiscoveryRule read(Settings s) {
        String ports = String.join(",", s.strings("open-ports", List.of())).replace(" ", "");
        if (!ports.isEmpty() && !PORTS.matcher(ports).matches()) {
            s.reject("open-ports", "ports and ranges such as \"8080\" or \"80,443,8000-8999\"");
            ports = "";
        }
        DiscoveryRule rule = new DiscoveryRule(s.string("name", ""), ports, s.string("exe-path", ""),
                s.string("cmd-args", ""), s.string("languages", ""));
        for (String key : s.unreadKeys()) {
            s.record(new ConfigProblem(s.locationOf(key), s.path() + "." + key,
                    "unknown setting; expected name, open-ports, exe-path, cmd-args or languages"));
        }
        if (rule.openPorts().isEmpty() && rule.exePath().isEmpty() && rule.cmdArgs().isEmpty()
                && rule.languages().isEmpty()) {
            s.reject("", "at least one of open-ports, exe-path, cmd-args or languages");
        }
        return rule;
    }
}
