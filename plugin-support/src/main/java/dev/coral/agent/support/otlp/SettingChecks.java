package dev.coral.agent.support.otlp;

import dev.coral.agent.api.config.Settings;
import java.time.Duration;

/** Checks shared by the server settings' readers. */
final class SettingChecks {
    /** gRPC and the HTTP body buffer index messages with an int. */
    private static final long MAX_SIZE = Integer.MAX_VALUE - 8;

    private SettingChecks() {}

    static long size(Settings s, String key, long def) {
        return s.bytes(key, def, v -> v >= 1 && v <= MAX_SIZE, "a size between 1 byte and 2GiB, such as 4MiB");
    }

    static Duration positive(Settings s, String key, Duration def) {
        return s.duration(key, def, d -> !d.isNegative() && !d.isZero(), "a positive duration such as 1s");
    }

    static int atLeastOne(Settings s, String key, int def) {
        return s.integer(key, def, v -> v >= 1, "an integer of at least 1");
    }
}
