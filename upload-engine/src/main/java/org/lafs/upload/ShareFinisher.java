package org.lafs.upload;

import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayList;
import java.util.List;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.encode.SegmentHashStore;
import org.lafs.chk.encode.ShareTrailers;
import org.lafs.chk.share.ShareLayout;
import org.lafs.gbs.ByteRange;

/**
 * Finishes the shares once every block is written: builds the hash trees and UEB (once),
 * writes each share's trailer, waits for every answer and the journal, then checks that every
 * share is complete. A share that moved meanwhile, or whose server reports acknowledged bytes
 * missing, sends the engine round for another pass.
 *
 * <p>Confined to the pipeline's context; the tree work runs on the workers.
 */
final class ShareFinisher {

    /** What the finish found. */
    enum Outcome {
        /** Every share is complete on its server. */
        COMPLETE,
        /** Some share still lacks header, blocks or trailer: go over the ciphertext again. */
        ANOTHER_PASS
    }

    private final WorkerPool workers;
    private final FileGeometry g;
    private final ShareLayout layout;
    private final UploadOptions options;
    private final UploadListener listener;
    private final SegmentHashStore hashes;
    private final SegmentPreparer preparer;
    private final PushedShares shares;
    private final ShareWrites writes;
    private final SegmentDelivery delivery;
    private final ProgressRecorder progress;
    private ShareTrailers trailers;
    /** Times the finish went back for ranges servers said they lack (see {@link #repairReportedGaps}). */
    private int repairs;
    private long finishStartNanos;

    ShareFinisher(WorkerPool workers, FileGeometry g, ShareLayout layout, UploadOptions options, UploadListener listener,
                  SegmentHashStore hashes, SegmentPreparer preparer, PushedShares shares, ShareWrites writes,
                  SegmentDelivery delivery, ProgressRecorder progress) {
        this.workers = workers;
        this.g = g;
        this.layout = layout;
        this.options = options;
        this.listener = listener;
        this.hashes = hashes;
        this.preparer = preparer;
        this.shares = shares;
        this.writes = writes;
        this.delivery = delivery;
        this.progress = progress;
    }

    /** The trailers, once built (null before). */
    ShareTrailers trailers() {
        return trailers;
    }

    /** When the trees began to be built (0: not yet). */
    long finishStartNanos() {
        return finishStartNanos;
    }

    /** Builds the trailers (the first time), writes the pending ones and checks the shares. */
    Future<Outcome> finish() {
        Promise<Outcome> outcome = Promise.promise();
        Future<ShareTrailers> t = trailers != null ? Future.succeededFuture(trailers)
                : preparer.hashed().compose(v -> {
                    finishStartNanos = System.nanoTime();
                    listener.finishStart();
                    return workers.run(() -> hashes.finish(preparer.wholeCiphertextHash(), layout));
                });
        t.compose(tr -> {
            trailers = tr;
            // One share at a time, one piece at a time: a trailer is ~192 bytes per segment and
            // n of them at once would be the largest thing this upload ever held. Admission, not
            // acknowledgement, moves the chain on, so the shares' servers still work in parallel.
            Future<Void> chain = Future.succeededFuture();
            for (PushedShare s : shares.snapshot()) {
                if (!s.trailerPending || s.failed) {
                    continue;
                }
                chain = chain.compose(v -> workers.run(() -> tr.open(s.number))).compose(trailer -> writeTrailer(s, trailer));
            }
            return chain.transform(ar -> writes.whenIdle());
        }).compose(v -> progress.saved()).onComplete(ar -> {
            if (ar.failed()) {
                outcome.fail(ar.cause());
                return;
            }
            boolean again = false;
            for (PushedShare s : shares.all()) {
                again |= !s.needed.isEmpty() || s.trailerPending || s.headerPending;
            }
            try {
                if (again || repairReportedGaps()) {
                    outcome.complete(Outcome.ANOTHER_PASS); // a share moved while trailers were written, or a server lost bytes
                    return;
                }
            } catch (UploadException e) {
                outcome.fail(e);
                return;
            }
            List<String> incomplete = new ArrayList<>();
            for (PushedShare s : shares.all()) {
                if (!s.complete) {
                    incomplete.add(s.number + "@" + s.server.serverId());
                }
            }
            if (!incomplete.isEmpty()) {
                outcome.fail(new UploadException("servers acknowledged every byte but did not report these shares complete: " + incomplete));
                return;
            }
            outcome.complete(Outcome.COMPLETE);
        });
        return outcome.future();
    }

    /**
     * After every write is acknowledged, a share whose server still reports required ranges has
     * lost bytes it once acknowledged: our storage server forgets ranges written after its last
     * checkpoint (at most a second's worth) when it is killed, and the journal then says those
     * segments were pushed. Marks what the ranges cover (header, segments, trailer) to be sent
     * again; the data is all still at hand (ciphertext source, hashes, trailers). Bounded by
     * {@code maxPasses}.
     *
     * @return whether anything was marked
     * @throws UploadException when a share kept losing bytes {@code maxPasses} times
     */
    private boolean repairReportedGaps() {
        boolean marked = false;
        for (PushedShare s : shares.all()) {
            if (s.complete || s.failed || s.required.isEmpty()) {
                continue;
            }
            if (!marked && ++repairs > options.maxPasses()) {
                throw new UploadException("share " + s.number + " on " + s.server.serverId()
                        + " kept losing acknowledged bytes: gave up after " + options.maxPasses() + " repairs");
            }
            for (ByteRange r : s.required) {
                if (r.begin() < layout.dataOffset()) {
                    s.headerPending = true;
                }
                long from = Math.max(r.begin(), layout.dataOffset()) - layout.dataOffset();
                long to = Math.min(r.end(), layout.trailerOffset()) - layout.dataOffset();
                if (from < to) {
                    s.needed.set(segmentAt(from), segmentAt(to - 1) + 1);
                }
                if (r.end() > layout.trailerOffset()) {
                    s.trailerPending = true;
                }
            }
            s.required = List.of();
            if (s.headerPending) {
                delivery.sendHeader(s);
            }
            marked = true;
        }
        return marked;
    }

    /** The segment whose block holds share-data offset {@code offset} (every block but the last is full size). */
    private int segmentAt(long offset) {
        return (int) Math.min(offset / g.blockSize(), g.numSegments() - 1);
    }

    /** Sends the trailer in pieces of at most {@code maxWriteBytes}, each built once the previous one is admitted. */
    private Future<Void> writeTrailer(PushedShare s, ShareTrailers.Trailer trailer) {
        long size = trailer.size();
        int piece = options.maxWriteBytes();
        int pieces = (int) ((size + piece - 1) / piece);
        int[] acked = {0};
        Promise<Void> admitted = Promise.promise();
        writeTrailerPiece(s, trailer, 0, pieces, acked, admitted);
        return admitted.future();
    }

    private void writeTrailerPiece(PushedShare s, ShareTrailers.Trailer trailer, int p, int pieces, int[] acked,
                                   Promise<Void> admitted) {
        if (p == pieces) {
            admitted.complete();
            return;
        }
        long from = (long) p * options.maxWriteBytes();
        int len = (int) Math.min(options.maxWriteBytes(), trailer.size() - from);
        workers.run(() -> trailer.bytes(from, len))
                .compose(bytes -> writes.send(s, layout.trailerOffset() + from,
                        BufferInternal.buffer(Unpooled.wrappedBuffer(bytes)), () -> {
                            if (++acked[0] == pieces) {
                                s.trailerPending = false;
                            }
                        }))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        admitted.fail(ar.cause());
                    } else {
                        writeTrailerPiece(s, trailer, p + 1, pieces, acked, admitted);
                    }
                });
    }
}
