package dev.coral.agent.runtime.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records lifecycle events of test components, in order. */
public final class Journal {
    private final List<String> events = new CopyOnWriteArrayList<>();

    public void add(String event) {
        events.add(event);
    }

    public List<String> events() {
        return List.copyOf(events);
    }
}
