package dev.coral.agent.plugin.cpuprofiler.capture;

import java.util.Arrays;

/**
 * Splits a perf callchain into its kernel and user parts. The kernel interleaves context
 * markers ({@code PERF_CONTEXT_KERNEL}, {@code PERF_CONTEXT_USER}, guest ones) with the
 * addresses; every value in the top 4095 of the u64 range is such a marker, never an address.
 *
 * @param kernelIps kernel addresses, leaf first
 * @param userIps user addresses, leaf first
 */
record Callchain(long[] kernelIps, long[] userIps) {
    static final long PERF_CONTEXT_KERNEL = 0xffffffffffffff80L;
    static final long PERF_CONTEXT_USER = 0xfffffffffffffe00L;
    /** {@code PERF_CONTEXT_MAX}: markers are the values at or above it, unsigned. */
    private static final long PERF_CONTEXT_MAX = -4095L;

    private enum Context { NONE, KERNEL, USER, OTHER }

    /** Splits {@code ips}; addresses before any marker or in guest contexts are dropped. */
    static Callchain split(long[] ips) {
        long[] kernel = new long[ips.length];
        long[] user = new long[ips.length];
        int k = 0;
        int u = 0;
        Context context = Context.NONE;
        for (long ip : ips) {
            if (Long.compareUnsigned(ip, PERF_CONTEXT_MAX) >= 0) {
                context =
                        ip == PERF_CONTEXT_KERNEL
                                ? Context.KERNEL
                                : ip == PERF_CONTEXT_USER ? Context.USER : Context.OTHER;
            } else if (context == Context.KERNEL) {
                kernel[k++] = ip;
            } else if (context == Context.USER) {
                user[u++] = ip;
            }
        }
        return new Callchain(Arrays.copyOf(kernel, k), Arrays.copyOf(user, u));
    }
}
