package dev.coral.agent.api.profile;

import java.time.Duration;

/**
 * What to profile on demand: one process ({@code pid > 0}) or the processes of one service.
 *
 * @param pid the process id, or 0 to name the target by {@code serviceName}
 * @param serviceName the service whose processes to sample, when {@code pid} is 0
 * @param duration how long to sample
 * @param frequencyHz samples per second per CPU
 *
 * @since 0.1.0
 */
public record CpuProfileRequest(int pid, String serviceName, Duration duration, int frequencyHz) {
    public CpuProfileRequest {
        if (pid < 0) {
            throw new IllegalArgumentException("pid must not be negative: " + pid);
        }
        if (pid == 0 && (serviceName == null || serviceName.isBlank())) {
            throw new IllegalArgumentException("name a pid or a service to profile");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive: " + duration);
        }
        if (frequencyHz < 1) {
            throw new IllegalArgumentException("frequency must be at least 1 Hz: " + frequencyHz);
        }
        serviceName = serviceName == null ? "" : serviceName;
    }

    public static CpuProfileRequest ofPid(int pid, Duration duration, int frequencyHz) {
        return new CpuProfileRequest(pid, "", duration, frequencyHz);
    }

    public static CpuProfileRequest ofService(String serviceName, Duration duration, int frequencyHz) {
        return new CpuProfileRequest(0, serviceName, duration, frequencyHz);
    }
}
