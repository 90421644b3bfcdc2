package dev.coral.agent.support.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Inflates a gzip body, refusing as soon as the output passes the limit: a small body that
 * would inflate to gigabytes costs at most {@code limit + 1} bytes of output and the time to
 * produce them.
 */
final class BoundedGunzip {
    private BoundedGunzip() {}

    /** The inflated body was larger than allowed. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("request body inflates to more than " + limit + " bytes");
        }
    }

    /**
     * @param compressed the gzip stream
     * @param sizeHint the body's likely inflated size (the gzip trailer's ISIZE), or 0
     * @param limit the largest inflated size accepted
     */
    static byte[] inflate(InputStream compressed, long sizeHint, int limit) throws IOException {
        // The hint only sizes the first buffer; a lying trailer cannot make us allocate past the limit.
        int capacity = (int) Math.max(256, Math.min(sizeHint > 0 ? sizeHint : 8192, limit + 1L));
        byte[] out = new byte[capacity];
        int size = 0;
        try (GZIPInputStream in = new GZIPInputStream(compressed, 8192)) {
            while (true) {
                if (size == out.length) {
                    if (size > limit) {
                        throw new TooLargeException(limit);
                    }
                    out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, limit + 1L));
                }
                int n = in.read(out, size, out.length - size);
                if (n < 0) {
                    break;
                }
                size += n;
                if (size > limit) {
                    throw new TooLargeException(limit);
                }
            }
        }
        return size == out.length ? out : Arrays.copyOf(out, size);
    }
}
