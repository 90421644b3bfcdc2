package dev.coral.agent.plugin.beyla.supervise;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * Copies one of Beyla's output streams into the agent's log, each line prefixed {@code beyla:},
 * rate-limited; a "suppressed N lines" line says what was left out. Beyla's own error lines
 * ({@code level=ERROR}) are logged as warnings. Runs until the stream ends (Beyla exited).
 */
final class OutputPump implements Runnable {
    private final InputStream in;
    private final Logger log;
    private final LineRateLimiter limiter;
    private final String stream;
    private final int linesPerSecond;
    private boolean noticed;

    OutputPump(InputStream in, Logger log, int linesPerSecond, String stream) {
        this.in = in;
        this.log = log;
        this.limiter = new LineRateLimiter(linesPerSecond, System.nanoTime());
        this.stream = stream;
        this.linesPerSecond = linesPerSecond;
    }

    @Override
    public void run() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                boolean admitted = limiter.admit(System.nanoTime());
                if (!admitted && !noticed) {
                    noticed = true;
                    log.warn("beyla: more than {} lines/s of {}, suppressing lines (their count follows)",
                            linesPerSecond, stream);
                }
                if (admitted) {
                    noticed = false;
                    reportSuppressed();
                    if (line.contains("level=ERROR") || line.contains("level=error")) {
                        log.warn("beyla: {}", line);
                    } else {
                        log.info("beyla: {}", line);
                    }
                }
            }
        } catch (IOException e) {
            log.debug("beyla: {} closed: {}", stream, e.getMessage());
        }
        reportSuppressed();
    }

    private void reportSuppressed() {
        long n = limiter.takeSuppressed();
        if (n > 0) {
            log.warn("beyla: suppressed {} lines of {} (over the log-lines-per-second limit)", n, stream);
        }
    }
}
