package org.lafs.storage.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.lafs.storage.disk.ShareStore;

/**
 * What every route group of one node shares: its event loop's Vert.x, the ordered worker lane
 * that alone touches the {@link ShareStore}, the largest PATCH body accepted, the counters and
 * the clock.
 */
record RouteContext(Vertx vertx, WorkerExecutor lane, ShareStore store, int maxChunk, RequestCounters counters,
                    LongSupplier clock) {
    /**
     * PATCH bodies go to the lane in pieces of about this many bytes (so a body holds at most a
     * piece and a chunk), and share reads are sent in pieces of this size. Tahoe's server writes
     * 64 KiB pieces ({@code request.content.read(65536)}); each piece costs a pause, a hop to the
     * lane thread and back and a resume, so 256 KiB takes a 350 KB PATCH in 2 lane tasks instead
     * of 6 (docs/performance.md, fourth round). {@code -Dlafs.storage.piece} overrides it for
     * measurements.
     */
    static final int PIECE = Integer.getInteger("lafs.storage.piece", 256 << 10);

    /**
     * Runs a store call on the ordered lane ({@code executeBlocking(..., true)}): the store is used
     * by one thread at a time and the event loop never touches the disk.
     */
    <T> Future<T> onLane(Callable<T> task) {
        return lane.executeBlocking(task, true);
    }

    long now() {
        return clock.getAsLong();
    }
}
