package org.lafs.upload;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Sends the push's writes, each through its server's {@link ServerWindow}, and keeps count of
 * the writes not yet answered so the push can wait until none is ({@link #whenIdle()}). A write
 * that fails reports its server as failed; its share is then replaced by the engine.
 *
 * <p>Confined to the pipeline's context: the answers come back there through {@link ContextHop}.
 */
final class ShareWrites {
    private final ContextHop hop;
    private final UploadOptions options;
    private final UploadListener listener;
    private final byte[] si;
    /** Whether the upload has failed: nothing new is sent. */
    private final BooleanSupplier stopped;
    /** Whether the journal failed: acknowledgements are no longer acted on. */
    private final BooleanSupplier journalBroken;
    /** Told (server id, reason) when a write fails. */
    private final BiConsumer<String, String> serverFailed;
    /** The replacements of failed servers running now (idle means none is). */
    private final Supplier<Future<Void>> replacements;
    private final Map<String, ServerWindow> windows = new HashMap<>();
    private int outstanding;
    private final List<Promise<Void>> idleWaiters = new ArrayList<>();
    private Runnable drained;
    private long bytesPushed;
    private long firstWriteNanos;

    ShareWrites(ContextHop hop, UploadOptions options, UploadListener listener, byte[] si, BooleanSupplier stopped,
                BooleanSupplier journalBroken, BiConsumer<String, String> serverFailed,
                Supplier<Future<Void>> replacements) {
        this.hop = hop;
        this.options = options;
        this.listener = listener;
        this.si = si;
        this.stopped = stopped;
        this.journalBroken = journalBroken;
        this.serverFailed = serverFailed;
        this.replacements = replacements;
    }

    /** Bytes the servers acknowledged. */
    long bytesPushed() {
        return bytesPushed;
    }

    /** When the first write was sent (0: none yet). */
    long firstWriteNanos() {
        return firstWriteNanos;
    }

    /**
     * Sends one write through the server's window; {@code onAck} runs when the server
     * acknowledges it. The result completes when the write is admitted (sent).
     */
    Future<Void> send(PushedShare share, long offset, Buffer data, Runnable onAck) {
        if (share.failed) {
            return Future.succeededFuture();
        }
        String serverId = share.server.serverId();
        ServerWindow w = windows.computeIfAbsent(serverId, id -> new ServerWindow(id, options.windowBytes(), listener));
        int len = data.length();
        outstanding++;
        Future<Void> admitted = w.acquire(len);
        admitted.onComplete(ar -> {
            if (ar.failed() || share.failed || stopped.getAsBoolean()) {
                if (ar.succeeded()) {
                    w.release(len);
                }
                outstanding--;
                checkIdle();
                return;
            }
            if (firstWriteNanos == 0) {
                firstWriteNanos = System.nanoTime();
            }
            hop.here(share.server.write(si, share.number, share.secret, offset, data)).onComplete(res -> {
                w.release(len);
                outstanding--;
                if (res.succeeded()) {
                    bytesPushed += len;
                    listener.bytesPushed(serverId, len);
                    if (res.result().complete()) {
                        share.complete = true;
                    } else {
                        share.required = res.result().required();
                    }
                    if (!share.failed && !journalBroken.getAsBoolean()) {
                        onAck.run(); // also while draining after a failure: acknowledged work gets journaled
                    }
                } else {
                    serverFailed.accept(serverId, Failures.describe(res.cause()));
                }
                checkIdle();
            });
        });
        return admitted.otherwiseEmpty();
    }

    /** Fails the writes waiting for room in the server's window (the server failed). */
    void failWaiting(String serverId, Throwable cause) {
        ServerWindow w = windows.get(serverId);
        if (w != null) {
            w.failAll(cause);
        }
    }

    /** Completes when no write is outstanding and no replacement is running. */
    Future<Void> whenIdle() {
        return replacements.get().compose(v -> {
            if (outstanding == 0) {
                return replacements.get();
            }
            Promise<Void> p = Promise.promise();
            idleWaiters.add(p);
            return p.future().compose(x -> whenIdle());
        });
    }

    /** The upload failed: whoever waits in {@link #whenIdle()} is told. */
    void failIdleWaiters(Throwable t) {
        idleWaiters.forEach(p -> p.tryFail(t));
        idleWaiters.clear();
    }

    /** Runs {@code r} once no write is outstanding (now, if none is). */
    void whenDrained(Runnable r) {
        drained = r;
        checkIdle();
    }

    private void checkIdle() {
        if (outstanding == 0 && drained != null) {
            Runnable r = drained;
            drained = null;
            r.run();
        }
        if (outstanding == 0 && !idleWaiters.isEmpty()) {
            List<Promise<Void>> w = new ArrayList<>(idleWaiters);
            idleWaiters.clear();
            w.forEach(Promise::tryComplete);
        }
    }
}
