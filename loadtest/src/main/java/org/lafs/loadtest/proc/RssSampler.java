package org.lafs.loadtest.proc;

/**
 * Samples a process's RSS every {@code periodMs} on a daemon thread and keeps the peak. Bounded:
 * stops at {@link #close} or when the process is gone.
 */
public final class RssSampler implements AutoCloseable {
    private final long pid;
    private final Thread thread;
    private volatile boolean stop;
    private volatile long peak;
    private volatile long first = -1;

    public RssSampler(long pid, long periodMs) {
        this.pid = pid;
        this.thread = new Thread(() -> {
            while (!stop) {
                long r = MemoryProbe.rssBytes(pid);
                if (r < 0) {
                    return;
                }
                if (first < 0) {
                    first = r;
                }
                peak = Math.max(peak, r);
                try {
                    Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    /** Highest RSS seen, bytes. */
    public long peak() {
        return Math.max(peak, MemoryProbe.rssBytes(pid));
    }

    /** First sample, bytes (-1 before it). */
    public long first() {
        return first;
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
    }
}
