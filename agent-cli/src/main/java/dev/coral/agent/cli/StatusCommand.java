package dev.coral.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Show a running agent's state: identity, components and health, storage, counters.")
final class StatusCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    AgentOption agent;

    @Option(names = "--json", description = "Print the agent's /status JSON as is")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            String body = agent.client().get("/status");
            if (json) {
                out.print(body.endsWith("\n") ? body : body + "\n");
            } else {
                print(out, JSON.readTree(body));
            }
            out.flush();
            return 0;
        } catch (AgentClient.AgentCallException e) {
            return CliErrors.fail(spec, e.getMessage());
        } catch (IOException e) {
            return CliErrors.fail(spec, "the agent's /status is not JSON: " + e.getMessage());
        }
    }

    static void print(PrintWriter out, JsonNode s) {
        out.printf("agent      %s  version %s  up %s%n", s.path("agent_id").asText(), s.path("version").asText(),
                Tables.duration(s.path("uptime_seconds").asLong()));
        JsonNode host = s.path("host");
        out.printf("host       %s %s, %s, kernel %s, java %s%n", host.path("os").asText(), host.path("arch").asText(),
                host.path("os_version").asText(), host.path("kernel").asText(), host.path("java").asText());
        out.printf("api        %s%n", join(s.path("api").path("listen")));
        List<String> plugins = new ArrayList<>();
        s.path("plugins").forEach(p -> plugins.add(p.path("id").asText() + " " + p.path("version").asText()));
        out.printf("plugins    %s%n", plugins.isEmpty() ? "-" : String.join(", ", plugins));
        for (JsonNode p : s.path("pipelines")) {
            List<String> parts = new ArrayList<>();
            for (String kind : List.of("receivers", "processors", "exporters", "stores")) {
                if (!p.path(kind).isEmpty()) {
                    parts.add(join(p.path(kind)));
                }
            }
            out.printf("pipeline   %-16s %s%n", p.path("name").asText(), String.join(" -> ", parts));
        }
        out.println();
        Tables t = new Tables("KIND", "COMPONENT", "HEALTH", "SINCE", "MESSAGE");
        for (JsonNode c : s.path("components")) {
            t.row(c.path("kind").asText(), c.path("id").asText(), c.path("health").asText(),
                    c.path("since").asText(), c.path("message").asText());
        }
        t.print(out);
        for (JsonNode db : s.path("storage")) {
            out.println();
            List<String> files = new ArrayList<>();
            db.path("files").forEach(f -> files.add(f.path("name").asText() + " "
                    + Tables.bytes(f.path("size_bytes").asLong())));
            out.printf("storage    %s  session %s%n", files.isEmpty() ? "-" : String.join(", ", files),
                    db.path("session_id").asText());
            Tables st = new Tables("TABLE", "ROWS", "MAX SEQ");
            db.path("tables").forEach(tb -> st.row(tb.path("name").asText(), tb.path("rows").asText(),
                    tb.path("max_seq_id").asText()));
            if (st.size() > 0) {
                st.print(out);
            }
        }
        if (!s.path("counters").isEmpty()) {
            out.println();
            Tables ct = new Tables("COUNTER", "TOTAL");
            s.path("counters").properties().forEach(e -> ct.row(e.getKey(), e.getValue().asText()));
            ct.print(out);
        }
    }

    private static String join(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(n -> items.add(n.asText()));
        return items.isEmpty() ? "-" : String.join(", ", items);
    }
}
