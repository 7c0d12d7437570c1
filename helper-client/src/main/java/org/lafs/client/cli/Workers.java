package org.lafs.client.cli;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A daemon worker pool (one thread per core) for segment encoding; closed after the command. */
final class Workers implements AutoCloseable {
    private final ExecutorService pool;

    Workers() {
        AtomicInteger id = new AtomicInteger();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "chk-encode-" + id.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    ExecutorService executor() {
        return pool;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
