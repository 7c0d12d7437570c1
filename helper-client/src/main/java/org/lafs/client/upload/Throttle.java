package org.lafs.client.upload;

/**
 * A token bucket limiting an upload to {@code bytesPerSecond} (the {@code --throttle} option, to
 * emulate a slow uplink). Burst: a quarter of a second's worth (at least 16 KiB), so short
 * transfers are smooth and the average converges quickly.
 *
 * <p>Thread-safe; {@link #acquire} blocks the calling thread (never an event loop).
 */
public final class Throttle {
    /** No limit. */
    public static final Throttle NONE = new Throttle(0);

    private final long rate;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    public Throttle(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("rate must be >= 0");
        }
        this.rate = bytesPerSecond;
        this.burst = Math.max(16 * 1024, bytesPerSecond / 4.0);
        this.tokens = Math.min(burst, 16 * 1024);
    }

    public boolean limited() {
        return rate > 0;
    }

    /** Waits until {@code bytes} may be sent. */
    public void acquire(int bytes) throws java.io.InterruptedIOException {
        if (rate == 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) * rate / 1e9);
            last = now;
            tokens -= bytes;
            waitNanos = tokens >= 0 ? 0 : (long) (-tokens * 1e9 / rate);
        }
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("throttle interrupted");
            }
        }
    }
}
