package dev.coral.agent.plugin.staticfilter.core;

/** What the filter decided for one span, and by which rule: the first rule that keeps it wins. */
public enum Verdict {
    KEPT_ERROR,
    KEPT_LATENCY,
    KEPT_SAMPLED,
    DROPPED;

    public boolean kept() {
        return this != DROPPED;
    }
}
