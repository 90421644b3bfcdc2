package dev.coral.agent.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Marker;

/**
 * Lets through at most {@code perMinute} events of the same logger and message pattern a
 * minute, and drops the rest: one client that makes a library log on every bad connection
 * cannot multiply the log's volume (a gRPC client sending garbage made five lines of stack
 * trace per connection). Events the level drops anyway are not counted.
 */
public final class RepeatLimit extends TurboFilter {
    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Patterns remembered at once; past it the memory is cleared rather than grown. */
    private static final int MAX_KEYS = 1024;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private int perMinute = 10;

    /** Set from logback.xml ({@code <perMinute>}). */
    public void setPerMinute(int perMinute) {
        this.perMinute = perMinute;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger == null || level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL;
        }
        if (windows.size() > MAX_KEYS) {
            windows.clear();
        }
        String key = logger.getName() + '\u0000' + (format != null ? format : t != null ? t.getClass().getName() : "");
        Window w = windows.computeIfAbsent(key, k -> new Window());
        return w.admit(System.nanoTime(), perMinute) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }

    private static final class Window {
        private long start = System.nanoTime();
        private int events;

        synchronized boolean admit(long now, int limit) {
            if (now - start > WINDOW_NANOS) {
                start = now;
                events = 0;
            }
            return ++events <= limit;
        }
    }
}
