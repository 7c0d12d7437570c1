package org.lafs.loadtest.net;

/**
 * A token bucket that models a link of fixed bandwidth: {@code rate} bytes per second with a
 * burst allowance of {@code burst} bytes. Callers reserve bytes and are told how long to wait
 * before sending them; reservations may run into debt, so the long-run rate never exceeds
 * {@code rate} however the sends are sized.
 *
 * <p>Thread-safe: several proxies (e.g. the N share connections of one direct uploader) may
 * share one bucket, which is what makes them share one simulated uplink.
 */
public final class TokenBucket {
    private final double bytesPerNano;
    private final long burst;
    private double tokens;
    private long lastNanos;

    /**
     * @param bytesPerSecond link rate, > 0
     * @param burst bytes that may go out at once after an idle period, >= 0
     */
    public TokenBucket(long bytesPerSecond, long burst) {
        if (bytesPerSecond <= 0 || burst < 0) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 0, got " + bytesPerSecond + ", " + burst);
        }
        this.bytesPerNano = bytesPerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = System.nanoTime();
    }

    /** Same as {@link #reserve(long, long)} at the current {@link System#nanoTime()}. */
    public long reserve(long bytes) {
        return reserve(bytes, System.nanoTime());
    }

    /**
     * Takes {@code bytes} from the bucket.
     *
     * @param nowNanos the caller's clock ({@link System#nanoTime()} scale; passed in for tests)
     * @return nanoseconds from {@code nowNanos} until these bytes may leave (0 = now)
     */
    public synchronized long reserve(long bytes, long nowNanos) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes < 0");
        }
        if (nowNanos > lastNanos) {
            tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * bytesPerNano);
            lastNanos = nowNanos;
        }
        tokens -= bytes;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / bytesPerNano);
    }

    /** The configured rate in bytes per second. */
    public long bytesPerSecond() {
        return Math.round(bytesPerNano * 1e9);
    }
}
