package org.lafs.upload;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lafs.chk.FileGeometry;

/**
 * One trip over segments {@code first..numSegments-1}: prepares up to {@code segmentsInFlight}
 * segments ahead, and delivers them in order, in groups of up to {@code segmentsPerWrite}
 * consecutive segments whose ciphertext is already here. Delivery of a group waits for the
 * previous one to be admitted by every server window, and for running server replacements, so
 * memory stays bounded. Single use; confined to the pipeline's context.
 */
final class SegmentPass {

    /** What a pass asks of the engine around it. */
    interface Steps {
        /** Whether the upload has failed: stop preparing and delivering. */
        boolean stopped();

        /** Prepares segment {@code s}, registering its ciphertext read in {@code reads} (see {@link SegmentPreparer}). */
        Future<PreparedSegment> prepare(int s, Map<Integer, Future<?>> reads);

        /** The server replacements running now; delivery waits for them. */
        Future<Void> replacements();

        /** Sends a group's blocks; completes when every write is admitted (see {@link SegmentDelivery}). */
        Future<Void> deliver(List<PreparedSegment> group);

        /** Completes when no write is outstanding and no replacement is running. */
        Future<Void> whenIdle();
    }

    private final FileGeometry g;
    private final CiphertextSource source;
    private final int segmentsInFlight;
    private final int segmentsPerWrite;
    private final Steps steps;
    private int nextStart;
    private int nextDeliver;
    private boolean delivering;
    private final Map<Integer, Future<PreparedSegment>> prepared = new HashMap<>();
    /** Ciphertext reads of the prepared segments that needed one. */
    private final Map<Integer, Future<?>> reads = new HashMap<>();
    private final Promise<Void> finished = Promise.promise();

    SegmentPass(int first, FileGeometry g, CiphertextSource source, int segmentsInFlight, int segmentsPerWrite,
                Steps steps) {
        this.g = g;
        this.source = source;
        this.segmentsInFlight = segmentsInFlight;
        this.segmentsPerWrite = segmentsPerWrite;
        this.steps = steps;
        nextStart = first;
        nextDeliver = first;
    }

    /** Completes when every segment of the pass is delivered and every write answered. */
    Future<Void> start() {
        pump();
        return finished.future();
    }

    private void pump() {
        while (!steps.stopped() && nextStart < g.numSegments() && nextStart - nextDeliver < segmentsInFlight) {
            int s = nextStart++;
            prepared.put(s, steps.prepare(s, reads));
        }
        tryDeliver();
    }

    private void tryDeliver() {
        if (delivering || steps.stopped()) {
            return;
        }
        if (nextDeliver >= g.numSegments()) {
            steps.whenIdle().onComplete(ar -> {
                if (ar.succeeded()) {
                    finished.tryComplete();
                } else {
                    finished.tryFail(ar.cause());
                }
            });
            return;
        }
        Future<?> firstRead = reads.get(nextDeliver);
        if (firstRead != null && !firstRead.isComplete()) {
            // the ciphertext has not arrived yet (a helper upload still receiving): wait for it,
            // then group whatever else has arrived by then
            delivering = true;
            firstRead.onComplete(x -> {
                delivering = false;
                tryDeliver();
            });
            return;
        }
        // Group the following segments whose ciphertext is already here (their encoding is
        // bounded CPU work), never waiting for bytes a client has not sent: a paused client's
        // received segments still reach the servers.
        int limit = Math.min(g.numSegments(), nextDeliver + segmentsPerWrite);
        int groupEnd = nextDeliver + 1;
        while (groupEnd < limit && (reads.getOrDefault(groupEnd, Future.succeededFuture()).isComplete()
                || source.available(g.segmentOffset(groupEnd), g.segmentLength(groupEnd)))) {
            groupEnd++;
        }
        int end = groupEnd;
        List<Future<PreparedSegment>> group = new ArrayList<>();
        for (int s = nextDeliver; s < groupEnd; s++) {
            group.add(prepared.get(s));
        }
        delivering = true;
        // join, not all: when a later segment of the group fails (a read error), the ones
        // before it are still pushed and journaled, then the pass fails
        steps.replacements().compose(v -> Future.join(group).transform(x -> deliverPrefix(group))).onComplete(ar -> {
            delivering = false;
            if (ar.failed()) {
                finished.tryFail(ar.cause());
                return;
            }
            for (int s = nextDeliver; s < end; s++) {
                prepared.remove(s);
                reads.remove(s);
            }
            nextDeliver = end;
            pump();
        });
    }

    /** Delivers the group up to its first failed segment; then fails with that segment's cause once idle. */
    private Future<Void> deliverPrefix(List<Future<PreparedSegment>> group) {
        List<PreparedSegment> ready = new ArrayList<>();
        Throwable failed = null;
        for (Future<PreparedSegment> f : group) {
            if (f.failed()) {
                failed = f.cause();
                break;
            }
            ready.add(f.result());
        }
        Throwable cause = failed;
        Future<Void> pushed = ready.isEmpty() ? Future.succeededFuture() : steps.deliver(ready);
        if (cause == null) {
            return pushed;
        }
        return pushed.transform(x -> steps.whenIdle()).transform(x -> Future.failedFuture(cause));
    }
}
