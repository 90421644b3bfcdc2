package dev.coral.agent.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** The agent's logback.xml as shipped: one line per event, repeats limited, JUL bridged. */
class LogLinesTest {
    @Test
    void anExceptionIsFoldedIntoItsEventsLine() {
        List<String> lines = stderrLines(log -> log.warn("export failed client={}", "c1",
                new IllegalStateException("bad frame", new IOException("reset"))));
        assertThat(lines).singleElement().satisfies(line -> assertThat(line)
                .contains("level=WARN logger=LogLinesTest export failed client=c1 error=\"java.lang.IllegalStateException: bad frame | at ")
                .endsWith("\""));
        assertThat(stderrLines(log -> log.warn("no exception here"))).singleElement()
                .satisfies(line -> assertThat(line).endsWith("no exception here"));
    }

    @Test
    void anEventRepeatedManyTimesAMinuteIsDroppedAfterTen() {
        List<String> lines = stderrLines(log -> {
            for (int i = 0; i < 50; i++) {
                log.warn("connection {} failed", i, new RuntimeException("garbage"));
            }
            log.warn("another event");
        });
        assertThat(lines).hasSize(11).last().satisfies(l -> assertThat(l).endsWith("another event"));
    }

    @Test
    void javaUtilLoggingGoesThroughTheSameFormatAndLevels() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        java.util.logging.Logger grpc = java.util.logging.Logger.getLogger("io.grpc.netty.Transport");
        List<String> lines = stderrLines(log -> {
            grpc.log(java.util.logging.Level.INFO, "Transport failed", new IllegalStateException("not SETTINGS"));
            grpc.log(java.util.logging.Level.WARNING, "Stream closed badly", new IllegalStateException("x"));
        });
        assertThat(lines).as("libraries log WARN and above; INFO is dropped").singleElement()
                .satisfies(l -> assertThat(l).contains("level=WARN logger=Transport Stream closed badly error=\""));
    }

    private static List<String> stderrLines(Consumer<Logger> logging) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            logging.accept(LoggerFactory.getLogger(LogLinesTest.class.getName().replace("dev.coral.agent.runtime.logging.", "dev.coral.test.")));
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
