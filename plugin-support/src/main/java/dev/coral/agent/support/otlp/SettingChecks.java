package dev.coral.agent.support.otlp;

import dev.coral.agent.api.config.Settings;
import java.time.Duration;

/** Checks shared by the server settings' readers. */
final class SettingChecks {
    /** gRPC and the HTTP body buffer index messages with an int. */
    private static final long MAX_SIZE = Integer.MAX_VALUE - 8;

    private SettingChecks() {}

    static long size(Settings s, String key, long def) {
        long v = s.bytes(key, def);
        if (v < 1 || v > MAX_SIZE) {
            throw s.invalid(key, "a size between 1 byte and 2GiB, such as 4MiB");
        }
        return v;
    }

    static Duration positive(Settings s, String key, Duration def) {
        Duration d = s.duration(key, def);
        if (d.isNegative() || d.isZero()) {
            throw s.invalid(key, "a positive duration such as 1s");
        }
        return d;
    }
}
