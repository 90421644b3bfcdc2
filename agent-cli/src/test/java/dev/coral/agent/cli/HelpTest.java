package dev.coral.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --help} and {@code -h} work on every command, nested ones too, and print its usage with exit 0. */
class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"run", "validate", "plugins", "build", "status", "query", "query spans",
            "query system-metrics", "query ebpf", "query metrics", "cpu-profile"})
    void everyCommandShowsItsUsage(String command) {
        for (String flag : new String[] {"--help", "-h"}) {
            String[] args = (command + " " + flag).split(" ");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
            assertThat(exit).as(command + " " + flag + ": " + err).isZero();
            assertThat(out.toString()).as(command + " " + flag).startsWith("Usage: coral-agent " + command)
                    .contains("-h, --help");
        }
    }
}
