package org.lafs.helper.spool;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The durable length of a spool file and the readers waiting for it to grow. A waiter for
 * {@code end} completes once {@code end} bytes are durable (fsynced and recorded in RocksDB);
 * all waiters fail when the upload is cancelled.
 *
 * <p>Threading: thread-safe; promises are completed outside the lock.
 */
public final class DurableProgress {
    private final TreeMap<Long, List<Promise<Void>>> waiters = new TreeMap<>();
    private long durable;
    private Throwable failure;

    public DurableProgress(long durable) {
        this.durable = durable;
    }

    public synchronized long durable() {
        return durable;
    }

    /** Completes when at least {@code end} bytes are durable. */
    public Future<Void> await(long end) {
        Promise<Void> p;
        synchronized (this) {
            if (failure != null) {
                return Future.failedFuture(failure);
            }
            if (end <= durable) {
                return Future.succeededFuture();
            }
            p = Promise.promise();
            waiters.computeIfAbsent(end, e -> new ArrayList<>()).add(p);
        }
        return p.future();
    }

    /** Records that {@code newDurable} bytes are durable; never moves backwards. */
    public void advance(long newDurable) {
        List<Promise<Void>> ready = new ArrayList<>();
        synchronized (this) {
            if (newDurable <= durable) {
                return;
            }
            durable = newDurable;
            Map<Long, List<Promise<Void>>> head = waiters.headMap(newDurable, true);
            head.values().forEach(ready::addAll);
            head.clear();
        }
        ready.forEach(Promise::tryComplete);
    }

    /** Why the upload ended, once {@link #fail} was called. */
    public synchronized java.util.Optional<Throwable> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /** Fails every current and future waiter (upload cancelled, expired or helper stopping). */
    public void fail(Throwable cause) {
        List<Promise<Void>> all = new ArrayList<>();
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = cause;
            waiters.values().forEach(all::addAll);
            waiters.clear();
        }
        all.forEach(p -> p.tryFail(cause));
    }
}
