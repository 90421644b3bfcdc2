package dev.coral.agent.plugin.duckdb;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last committed seq id per table. The writer reads it to number a group's rows and
 * advances it only after the commit, so a rolled-back group burns no ids. Readers see it for
 * {@code /status}.
 */
final class SeqIds {
    private final Map<String, Long> last = new ConcurrentHashMap<>();

    SeqIds(Map<String, Long> committed) {
        last.putAll(committed);
    }

    long peek(String table) {
        return last.getOrDefault(table, 0L);
    }

    void advance(Map<String, Long> committed) {
        last.putAll(committed);
    }
}
