package dev.coral.agent.plugin.beyla.supervise;

import java.time.Duration;

/**
 * The wait before restarting Beyla: {@code initial}, doubling with each death in a row up to
 * {@code max}; a run that lasted {@code healthyAfter} starts the count again.
 */
final class RestartBackoff {
    private final Duration initial;
    private final Duration max;
    private final Duration healthyAfter;
    private int deathsInARow;

    RestartBackoff(Duration initial, Duration max, Duration healthyAfter) {
        this.initial = initial;
        this.max = max;
        this.healthyAfter = healthyAfter;
    }

    /** The wait before the next start, after a run of {@code ranFor} ended. */
    Duration afterRun(Duration ranFor) {
        if (ranFor.compareTo(healthyAfter) >= 0) {
            deathsInARow = 0;
        }
        int doublings = Math.min(deathsInARow++, 30);
        Duration wait = initial.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 || wait.isNegative() ? max : wait;
    }
}
