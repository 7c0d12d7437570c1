package org.lafs.gbs;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams one share to one server with at most {@code window} bytes unacknowledged, like
 * Tahoe 1.5's upload pipeline (its {@code pipeline_size} of 50,000 bytes).
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #write(long, Buffer)} splits the data into PATCH requests of at most
 *       {@code min(maxRequestBytes, window)} bytes and returns a Future that completes when the
 *       <em>last</em> of them has been admitted to the window (sent). Callers must wait for it
 *       before writing more: that is how a full window stalls the producer. Data written
 *       without waiting is queued, unbounded.</li>
 *   <li>A request is sent only while the unacknowledged bytes plus its own size stay
 *       within {@code window}, or when nothing is unacknowledged. {@code window = 0} means
 *       stop-and-wait: one request at a time.</li>
 *   <li>Responses 200 and 201 acknowledge. Any failure (409, 401, 404, 5xx, transport) fails the
 *       writer: queued and later writes fail with that {@link GbsException}, and so does
 *       {@link #close()}. Nothing is retried; the caller decides (spec section 3.3: after a 409
 *       the upload must be aborted; a 404 after a lost 201 means "check the share list").</li>
 *   <li>{@link #close()} completes when every request is acknowledged and some response was
 *       201 (share complete). If all are acknowledged but the share is still incomplete it
 *       fails with status 0, reason {@code share incomplete}.</li>
 * </ul>
 * Offsets are share offsets; any order is allowed. Thread-safe; Futures complete on the
 * client's Vert.x context.
 */
public final class ShareWriter {
    /** Tahoe 1.5's pipeline size ({@code WriteBucketProxy(pipeline_size=50000)} in 1.5's immutable/layout.py; later releases dropped the pipeline). */
    public static final int DEFAULT_WINDOW = 50_000;

    /** Default cap on one PATCH body; the window normally caps it lower. */
    public static final int DEFAULT_MAX_REQUEST = 1 << 20;

    private final GbsClient client;
    private final byte[] si;
    private final int shnum;
    private final byte[] uploadSecret;
    private final int window;
    private final int pieceSize;

    private final ArrayDeque<Piece> queue = new ArrayDeque<>();
    private long inFlight;
    private long acknowledged;
    private boolean complete;
    private Throwable failure;
    private Promise<WriteResult> closed;
    private List<ByteRange> lastRequired = List.of();

    private record Piece(long offset, Buffer data, Promise<Void> admitted) {}

    ShareWriter(GbsClient client, byte[] si, int shnum, byte[] uploadSecret, int window, int maxRequestBytes) {
        if (window < 0 || maxRequestBytes < 1) {
            throw new IllegalArgumentException("window must be >= 0 and maxRequestBytes >= 1");
        }
        this.client = client;
        this.si = si.clone();
        this.shnum = shnum;
        this.uploadSecret = uploadSecret.clone();
        this.window = window;
        this.pieceSize = window > 0 ? Math.min(window, maxRequestBytes) : maxRequestBytes;
    }

    /** Queues {@code data} at share offset {@code offset}; see the class contract. */
    public Future<Void> write(long offset, Buffer data) {
        if (data.length() == 0) {
            return Future.succeededFuture();
        }
        Promise<Void> last = Promise.promise();
        List<Runnable> actions = new ArrayList<>();
        synchronized (this) {
            if (closed != null) {
                throw new IllegalStateException("write after close");
            }
            if (failure != null) {
                return Future.failedFuture(failure);
            }
            for (int pos = 0; pos < data.length(); pos += pieceSize) {
                int end = Math.min(data.length(), pos + pieceSize);
                boolean isLast = end == data.length();
                queue.add(new Piece(offset + pos, data.slice(pos, end), isLast ? last : null));
            }
            pump(actions);
        }
        actions.forEach(Runnable::run);
        return last.future();
    }

    /** Completes when all data is acknowledged and the share is complete (201 seen). */
    public Future<WriteResult> close() {
        List<Runnable> actions = new ArrayList<>();
        Future<WriteResult> f;
        synchronized (this) {
            if (closed == null) {
                closed = Promise.promise();
                maybeFinish(actions);
            }
            f = closed.future();
        }
        actions.forEach(Runnable::run);
        return f;
    }

    /** Bytes sent and not yet acknowledged. */
    public synchronized long inFlightBytes() {
        return inFlight;
    }

    /** Bytes acknowledged by 200/201 so far. */
    public synchronized long acknowledgedBytes() {
        return acknowledged;
    }

    /** True once a 201 was seen. */
    public synchronized boolean isComplete() {
        return complete;
    }

    public int shareNumber() {
        return shnum;
    }

    private void pump(List<Runnable> actions) {
        while (failure == null && !queue.isEmpty()) {
            Piece next = queue.peek();
            boolean fits = inFlight == 0 || (window > 0 && inFlight + next.data.length() <= window);
            if (!fits) {
                return;
            }
            queue.poll();
            inFlight += next.data.length();
            actions.add(() -> send(next));
            if (next.admitted != null) {
                actions.add(() -> next.admitted.tryComplete());
            }
        }
    }

    private void send(Piece piece) {
        Future<WriteResult> f;
        try {
            f = client.write(si, shnum, uploadSecret, piece.offset, piece.data);
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
            List<Runnable> actions = new ArrayList<>();
            synchronized (this) {
                inFlight -= piece.data.length();
                if (ar.succeeded()) {
                    acknowledged += piece.data.length();
                    complete |= ar.result().complete();
                    lastRequired = ar.result().required();
                    pump(actions);
                } else if (failure == null) {
                    failure = ar.cause();
                    for (Piece p : queue) {
                        if (p.admitted != null) {
                            Throwable cause = failure;
                            actions.add(() -> p.admitted.tryFail(cause));
                        }
                    }
                    queue.clear();
                }
                maybeFinish(actions);
            }
            actions.forEach(Runnable::run);
        });
    }

    private void maybeFinish(List<Runnable> actions) {
        if (closed == null || inFlight != 0 || (!queue.isEmpty() && failure == null)) {
            return;
        }
        Promise<WriteResult> p = closed;
        if (failure != null) {
            Throwable cause = failure;
            actions.add(() -> p.tryFail(cause));
        } else if (complete) {
            WriteResult r = new WriteResult(true, lastRequired);
            actions.add(() -> p.tryComplete(r));
        } else {
            List<ByteRange> missing = lastRequired;
            actions.add(() -> p.tryFail(new GbsException(0, "share incomplete; required " + missing, false, null)));
        }
    }

    @Override
    public String toString() {
        return "ShareWriter[shnum=" + shnum + ", window=" + window + "]";
    }
}
