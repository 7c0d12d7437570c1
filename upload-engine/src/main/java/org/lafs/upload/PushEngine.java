package org.lafs.upload;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.encode.SegmentEncoder;
import org.lafs.chk.encode.SegmentHashStore;
import org.lafs.chk.encode.ShareTrailers;
import org.lafs.chk.share.ShareLayout;

/**
 * The encode-and-push stage: reads ciphertext segments in order, hashes and erasure-codes them
 * on worker threads (several segments at once, at most {@link UploadOptions#segmentsInFlight(int)}
 * ahead), writes block i of each segment into share i (the blocks of up to
 * {@link UploadOptions#segmentsPerWrite(int)} consecutive segments in one write) through the server's
 * {@link ServerWindow} (delivery of the next segment waits while any window is full, so memory
 * stays bounded), records each segment in the journal once every share has acknowledged it,
 * then builds the hash trees and UEB and writes every share's trailer.
 *
 * <p>Shares that joined late (a replacement, or a resumed share whose slot was lost) need the
 * segments before their joining point: the engine goes over the ciphertext again ("passes")
 * until every share has every block. On resume the first pass only reads and hashes the
 * already-acknowledged prefix (the whole-ciphertext hash needs every byte).
 *
 * <p>This class runs the passes, replaces failed servers and stops the upload on failure; its
 * parts do the rest: {@link SegmentPass} (read-ahead and grouping), {@link SegmentPreparer}
 * (read, hash, encode), {@link SegmentDelivery} (blocks into writes), {@link ShareWrites}
 * (windows and outstanding writes), {@link ProgressRecorder} (journal), {@link ShareFinisher}
 * (trailers and completeness), {@link ServerLanes} (event loop per server).
 *
 * <p>Threading: all state lives on the pipeline's context ({@link ContextHop}); CPU work and
 * journal calls run on the worker pool. Single use.
 */
final class PushEngine {

    /** Replaces a failed server's shares (see {@link ShareAllocator#replace}). */
    interface Replacer {
        Future<List<ShareTarget>> replace(String serverId, String reason);

        /** The placement changed (a share moved or caught up): what to save. */
        SavedPlacement placementAfter(int caughtUpShare);
    }

    /** What the push did, for the upload's result and timings. */
    record Totals(long bytesPushed, long ciphertextRead, long encodeNanos, long firstWriteNanos, long finishStartNanos) {}

    private final ContextHop hop;
    private final FileGeometry g;
    private final CiphertextSource source;
    private final UploadOptions options;
    private final UploadListener listener;
    private final Replacer replacer;
    private final ServerLanes lanes;
    /** This upload's write batch in segments, from the target write size and its block size. */
    private final int segmentsPerWrite;
    /** Segments read and encoded ahead: the batch plus the encode margin. */
    private final int segmentsInFlight;

    private final PushedShares shares = new PushedShares();
    private final SegmentPreparer preparer;
    private final ProgressRecorder progress;
    private final ShareWrites writes;
    private final SegmentDelivery delivery;
    private final ShareFinisher finisher;
    private final Set<String> failedServers = new HashSet<>();
    /** The replacements of failed servers, one after the other; delivery and idleness wait for them. */
    private Future<Void> gate = Future.succeededFuture();
    private final Promise<ShareTrailers> done = Promise.promise();
    private Throwable failure;
    private int passes;

    /**
     * @param resumeFrom the journal's acknowledged segment count
     * @param hashes the segment hash store, already holding the hashes of segments below {@code resumeFrom}
     */
    PushEngine(ContextHop hop, WorkerExecutor workers, SegmentEncoder encoder, ShareLayout layout, CiphertextSource source,
               UploadJournal journal, UploadOptions options, UploadListener listener, byte[] si, Replacer replacer,
               int resumeFrom, SegmentHashStore hashes) {
        WorkerPool pool = new WorkerPool(hop, workers);
        this.hop = hop;
        this.g = encoder.geometry();
        this.source = source;
        this.options = options;
        this.listener = listener;
        this.replacer = replacer;
        this.lanes = new ServerLanes(hop);
        this.segmentsPerWrite = options.segmentsPerWrite(g.blockSize());
        this.segmentsInFlight = options.segmentsInFlight(g.blockSize());
        this.preparer = new SegmentPreparer(hop, pool, encoder, source, hashes, listener);
        this.progress = new ProgressRecorder(pool, journal, listener, g.numSegments(), g.n(), resumeFrom, this::fail);
        this.writes = new ShareWrites(hop, options, listener, si, () -> failure != null, progress::broken,
                this::serverFailed, () -> gate);
        this.delivery = new SegmentDelivery(g, layout, options.maxWriteBytes(), shares, progress, writes, this::afterAck);
        this.finisher = new ShareFinisher(pool, g, layout, options, listener, hashes, preparer, shares, writes, delivery,
                progress);
    }

    /** Adds shares to write (before {@link #run()}, or as replacements). */
    void add(List<ShareTarget> targets) {
        for (ShareTarget t : targets) {
            PushedShare s = new PushedShare(t, lanes.onLane(t.server()), g.numSegments(), progress.acknowledged());
            shares.put(s);
            if (s.headerPending) {
                delivery.sendHeader(s);
            }
        }
    }

    /** Runs every pass and the finish; completes with the trailers once every share is complete. */
    Future<ShareTrailers> run() {
        nextPass();
        return done.future();
    }

    /** Share -> server of the shares this run wrote (including replaced ones' final homes). */
    Map<Integer, String> pushedTo() {
        return shares.pushedTo();
    }

    /** Bytes, reads and times so far (complete once {@link #run()} has succeeded). */
    Totals totals() {
        return new Totals(writes.bytesPushed(), preparer.ciphertextRead(), preparer.encodeNanos(),
                writes.firstWriteNanos(), finisher.finishStartNanos());
    }

    // ---------------------------------------------------------------- passes

    private void nextPass() {
        if (failure != null) {
            return;
        }
        int first = shares.firstNeeded(Math.min(preparer.hashedUpTo(), progress.firstWithoutHashes()));
        if (first >= g.numSegments()) {
            finish();
            return;
        }
        if (++passes > options.maxPasses()) {
            fail(new UploadException("shares were moved too often: gave up after " + options.maxPasses()
                    + " passes over the ciphertext"));
            return;
        }
        new SegmentPass(first, g, source, segmentsInFlight, segmentsPerWrite, new PassSteps()).start().onComplete(ar -> {
            if (ar.failed()) {
                fail(ar.cause());
            } else {
                nextPass();
            }
        });
    }

    /** The engine as a pass sees it. */
    private final class PassSteps implements SegmentPass.Steps {
        @Override
        public boolean stopped() {
            return failure != null;
        }

        @Override
        public Future<PreparedSegment> prepare(int s, Map<Integer, Future<?>> reads) {
            return preparer.prepare(s, !progress.hashesKnown(s), shares.anyNeeds(s), reads);
        }

        @Override
        public Future<Void> replacements() {
            return gate;
        }

        @Override
        public Future<Void> deliver(List<PreparedSegment> group) {
            return delivery.deliver(group);
        }

        @Override
        public Future<Void> whenIdle() {
            return writes.whenIdle();
        }
    }

    private void finish() {
        finisher.finish().onComplete(ar -> {
            if (ar.failed()) {
                fail(ar.cause());
                return;
            }
            if (ar.result() == ShareFinisher.Outcome.ANOTHER_PASS) {
                nextPass();
                return;
            }
            listener.finishEnd(null);
            done.tryComplete(finisher.trailers());
        });
    }

    // ---------------------------------------------------------------- acknowledgements and failures

    /** A write was acknowledged (or a group delivered): journal what became recordable. */
    private void afterAck() {
        if (progress.broken()) {
            return;
        }
        progress.recordAcknowledged(shares::allAcked);
        for (PushedShare s : shares.all()) {
            if (s.flagged && !s.headerPending) {
                int b = s.needed.nextSetBit(0);
                if (b < 0 || b >= progress.acknowledged()) {
                    s.flagged = false;
                    savePlacement(s.number);
                }
            }
        }
    }

    private void savePlacement(int caughtUp) {
        progress.savePlacement(replacer.placementAfter(caughtUp));
    }

    private void serverFailed(String serverId, String reason) {
        if (!failedServers.add(serverId) || failure != null) {
            return;
        }
        listener.serverFailed(serverId, reason);
        shares.dropServer(serverId);
        writes.failWaiting(serverId, new UploadException("server " + serverId + " failed: " + reason));
        gate = gate.compose(v -> hop.here(replacer.replace(serverId, reason))).compose(targets -> {
            add(targets);
            savePlacement(-1);
            return Future.<Void>succeededFuture();
        });
        gate.onFailure(this::fail);
    }

    /**
     * Stops the upload: no new writes are sent; writes already in flight are awaited and, when
     * acknowledged, journaled (so a resume does not send them again); then the result fails.
     */
    private void fail(Throwable t) {
        if (failure != null) {
            return;
        }
        failure = t;
        if (finisher.trailers() != null) {
            listener.finishEnd(t);
        }
        writes.failIdleWaiters(t);
        writes.whenDrained(() -> progress.saved().onComplete(ar -> done.tryFail(t)));
    }
}
