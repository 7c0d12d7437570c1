package org.lafs.client.helper;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A PATCH body that tells whether the helper has stopped taking it. The JDK client reads the
 * body only as the connection takes bytes, so no read for a long time while no read is running
 * means the helper (or the network) stopped taking them. A read that is running (a throttle
 * pausing, a slow disk) is the client's own time and never counts. Once the whole body is read,
 * the socket buffers may still hold megabytes that drain at the link's pace before the helper
 * can answer, so the answer may take as long as the body took before it counts as stalled.
 *
 * <p>Threading: read on the JDK client's thread, {@link #stalled} on the caller's.
 */
final class WatchedBody extends FilterInputStream {
    private final long created = System.nanoTime();
    private volatile long lastActivity = created;
    private volatile boolean reading;
    private volatile boolean ended;

    WatchedBody(InputStream body) {
        super(body);
    }

    /** Whether the body has not moved for {@code limitNanos} (after its end: nor for as long as it took). */
    boolean stalled(long limitNanos) {
        if (reading) {
            return false;
        }
        long last = lastActivity;
        long limit = ended ? Math.max(limitNanos, last - created) : limitNanos;
        return System.nanoTime() - last > limit;
    }

    @Override
    public int read() throws IOException {
        reading = true;
        try {
            int r = super.read();
            ended |= r < 0;
            return r;
        } finally {
            lastActivity = System.nanoTime();
            reading = false;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        reading = true;
        try {
            int r = super.read(b, off, len);
            ended |= r < 0;
            return r;
        } finally {
            lastActivity = System.nanoTime();
            reading = false;
        }
    }
}
