package dev.coral.agent.plugin.cpuprofiler.capture;

/**
 * A failed system call: which call, the errno it set, and a reason a person can act on.
 */
public final class SyscallException extends RuntimeException {
    private final String call;
    private final int errno;
    private final String reason;

    /**
     * @param call the call that failed, e.g. {@code perf_event_open(cpu=0)}
     * @param errno the errno value the call set
     * @param reason what it means and, where known, what would allow the call
     */
    public SyscallException(String call, int errno, String reason) {
        super(call + " failed: " + reason + " (errno " + errno + ")");
        this.call = call;
        this.errno = errno;
        this.reason = reason;
    }

    /** The call that failed. */
    public String call() {
        return call;
    }

    /** The errno the call set. */
    public int errno() {
        return errno;
    }

    /** What the failure means and what would allow the call. */
    public String reason() {
        return reason;
    }

    /** True when the kernel refused for lack of privilege (EACCES or EPERM). */
    public boolean notPermitted() {
        return errno == Syscalls.EACCES || errno == Syscalls.EPERM;
    }
}
