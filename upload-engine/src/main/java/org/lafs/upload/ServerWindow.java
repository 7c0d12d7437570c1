package org.lafs.upload;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;

/**
 * The pipeline window of one server connection (Tahoe 1.5's 50,000-byte pipeline;
 * {@link UploadOptions#windowBytes()}), with Tahoe's semantics ({@code allmydata/util/pipeline.py}):
 * a write may be sent while fewer than {@code window} bytes are outstanding, so at most
 * {@code window} bytes plus one write are ever unacknowledged. With 3-of-10 and 128 KiB segments
 * a block is 43,691 bytes, so the default window keeps two blocks in flight per server instead
 * of one (a strict "sum at most window" rule would make 50 kB the same as stop-and-wait).
 * Window 0 is stop-and-wait: one write at a time. Grants are first come, first served.
 *
 * <p>Not thread-safe: used on the pipeline's context only.
 */
final class ServerWindow {
    private final String serverId;
    private final int window;
    private final UploadListener listener;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private long outstanding;
    private long stallSince;

    private record Waiter(long size, Promise<Void> granted) {}

    ServerWindow(String serverId, int window, UploadListener listener) {
        this.serverId = serverId;
        this.window = window;
        this.listener = listener;
    }

    /** Completes when {@code size} bytes may be sent; they count as outstanding until {@link #release}. */
    Future<Void> acquire(long size) {
        if (waiters.isEmpty() && fits(size)) {
            outstanding += size;
            return Future.succeededFuture();
        }
        if (waiters.isEmpty()) {
            stallSince = System.nanoTime();
            listener.windowStallStart(serverId);
        }
        Promise<Void> p = Promise.promise();
        waiters.add(new Waiter(size, p));
        return p.future();
    }

    /** {@code size} acknowledged (or failed): frees room and wakes waiters in order. */
    void release(long size) {
        outstanding -= size;
        while (!waiters.isEmpty() && fits(waiters.peek().size())) {
            Waiter w = waiters.poll();
            outstanding += w.size();
            if (waiters.isEmpty()) {
                listener.windowStallEnd(serverId, System.nanoTime() - stallSince);
            }
            w.granted().complete();
        }
    }

    /** Fails every waiter (the server failed). */
    void failAll(Throwable cause) {
        while (!waiters.isEmpty()) {
            waiters.poll().granted().tryFail(cause);
        }
    }

    long outstanding() {
        return outstanding;
    }

    private boolean fits(long size) {
        return outstanding == 0 || outstanding < window;
    }
}
