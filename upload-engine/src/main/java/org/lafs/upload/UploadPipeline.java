package org.lafs.upload;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.encode.FileSegmentHashes;
import org.lafs.chk.encode.SegmentEncoder;
import org.lafs.chk.encode.SegmentHashStore;
import org.lafs.chk.encode.SegmentHashes;
import org.lafs.chk.encode.ShareTrailers;
import org.lafs.chk.share.ShareLayout;
import org.lafs.codec.ErasureCodec;
import org.lafs.placement.Happiness;

/**
 * Encode and push one file's ciphertext to storage servers: the whole upload path in one
 * readable place (STYLE.md item 2). Shared by the helper and the client's direct upload; the
 * convergence check ("already in the grid?") is the caller's business.
 *
 * <ol>
 *   <li><b>journal</b>: load a saved placement and acknowledged segments (a resume);
 *   <li><b>select</b> ({@link ShareAllocator}): permuted order, first 2n servers, existing
 *       shares, allocation with the uploader's lease secrets, servers of happiness; or re-open
 *       the saved placement with its upload secrets;
 *   <li><b>encode and push</b> ({@link PushEngine}): segments in order, hashed and
 *       erasure-coded on the worker pool, blocks written through per-server windows,
 *       acknowledged segments journaled; failed servers replaced while happiness holds;
 *   <li><b>finish</b>: crypttext hash, hash trees, UEB, share trailers, shares closed;
 *   <li><b>check what was already there</b> ({@link ExistingShares}): shares servers already held
 *       count only if they are this file's; too few of this file's: {@link PoisonedStorageIndexException};
 *   <li><b>result</b>: UEB hash, share map, counts and timings, saved in the journal.
 * </ol>
 *
 * <p>Threading: {@link #upload} may be called from any thread; each upload runs on a Vert.x
 * context (the caller's, or a new event-loop context) and never blocks it: hashing, coding and
 * journal calls run on {@code workers}. Many uploads may run at once on one pipeline.
 */
public final class UploadPipeline {
    private final Vertx vertx;
    private final WorkerExecutor workers;
    private final UploadOptions options;

    /**
     * @param workers the pool for hashing, erasure coding and journal calls (a named
     *     {@code WorkerExecutor} sized to the cores available for encoding)
     */
    public UploadPipeline(Vertx vertx, WorkerExecutor workers, UploadOptions options) {
        this.vertx = vertx;
        this.workers = workers;
        this.options = options;
    }

    /** Runs (or resumes) one upload. Fails with {@link org.lafs.placement.PlacementException} or {@link UploadException}. */
    public Future<UploadResult> upload(UploadRequest request) {
        ContextHop hop = new ContextHop(vertx.getOrCreateContext());
        Promise<UploadResult> result = Promise.promise();
        hop.run(() -> {
            Future<UploadResult> f;
            try {
                f = new Run(hop, request).start();
            } catch (RuntimeException e) {
                f = Future.failedFuture(new UploadException("upload could not start: " + e.getMessage(), e));
            }
            f.onComplete(result);
        });
        return result.future();
    }

    /** The state of one upload; confined to its context. */
    private final class Run {
        private final ContextHop hop;
        private final UploadRequest req;
        private final UploadListener listener;
        private final long startNanos = System.nanoTime();
        private FileGeometry geometry;
        private ShareLayout layout;
        private ShareAllocator allocator;
        private PushEngine engine;
        private long selectionNanos;

        Run(ContextHop hop, UploadRequest req) {
            this.hop = hop;
            this.req = req;
            this.listener = req.listener();
        }

        Future<UploadResult> start() {
            try {
                geometry = req.parameters().geometry(req.source().size());
                layout = ShareLayout.of(geometry);
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(new UploadException("cannot encode this file: " + e.getMessage(), e));
            }
            listener.uploadStart(geometry.size(), geometry.numSegments());
            Future<UploadResult> f = blocking(() -> new Object[] {req.journal().placement(), req.journal().segmentsAcknowledged()})
                    .compose(j -> {
                        @SuppressWarnings("unchecked")
                        Optional<SavedPlacement> saved = (Optional<SavedPlacement>) j[0];
                        int acked = (Integer) j[1];
                        return select(saved, acked);
                    });
            return f.andThen(ar -> listener.uploadEnd(ar.succeeded() ? ar.result() : null, ar.failed() ? ar.cause() : null));
        }

        private Future<UploadResult> select(Optional<SavedPlacement> saved, int acked) {
            if (saved.isEmpty() && acked > 0) {
                return Future.failedFuture(new UploadException("the upload journal lists " + acked
                        + " acknowledged segments but no placement; it cannot be resumed"));
            }
            if (saved.isPresent() && saved.get().allocatedSize() != layout.allocatedSize()) {
                return Future.failedFuture(new UploadException("the upload journal was written for shares of "
                        + saved.get().allocatedSize() + " bytes, but these parameters give " + layout.allocatedSize()
                        + "; it cannot be resumed"));
            }
            int resumeFrom = saved.isPresent() ? Math.min(acked, geometry.numSegments()) : 0;
            if (resumeFrom > 0) {
                listener.resumed(resumeFrom);
            }
            allocator = new ShareAllocator(hop, req.servers(), req.storageIndex(), geometry.k(), req.parameters().happy(),
                    geometry.n(), layout.allocatedSize(), req.leases(), listener);
            listener.serverSelectionStart(req.servers().size());
            return allocator.start(saved, p -> blocking(() -> {
                        req.journal().savePlacement(p);
                        return null;
                    }))
                    .andThen(ar -> {
                        selectionNanos = System.nanoTime() - startNanos;
                        listener.serverSelectionEnd(allocator.happiness(), ar.failed() ? ar.cause() : null);
                    })
                    .compose(targets -> {
                        SavedPlacement p = allocator.placement();
                        return blocking(() -> {
                            req.journal().savePlacement(p);
                            return restoreHashes(resumeFrom);
                        }).compose(hashes -> push(targets, resumeFrom, hashes));
                    });
        }

        /**
         * Blocking: the store for this upload's segment hashes (a scratch file when the request
         * names one, else the heap), holding those of the segments the journal acknowledged.
         */
        private SegmentHashStore restoreHashes(int resumeFrom) {
            SegmentHashStore hashes = req.hashScratch() == null ? new SegmentHashes(geometry)
                    : new FileSegmentHashes(geometry, req.hashScratch());
            try {
                for (int s = 0; s < resumeFrom; s++) {
                    SegmentRecord r = req.journal().segment(s);
                    if (r.blockHashes().length != geometry.n()) {
                        throw new IllegalArgumentException("journal segment " + s + " has " + r.blockHashes().length
                                + " block hashes; this upload has n=" + geometry.n());
                    }
                    hashes.add(s, r.segmentHash(), r.blockHashes());
                }
                return hashes;
            } catch (RuntimeException e) {
                closeHashes(hashes);
                throw e;
            }
        }

        private void closeHashes(SegmentHashStore hashes) {
            if (hashes instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // a scratch file left behind is overwritten by the next attempt
                }
            }
        }

        private Future<UploadResult> push(List<ShareTarget> targets, int resumeFrom, SegmentHashStore hashes) {
            SegmentEncoder encoder = new SegmentEncoder(geometry, ErasureCodec.create(geometry.k(), geometry.n()));
            PushEngine.Replacer replacer = new PushEngine.Replacer() {
                @Override
                public Future<List<ShareTarget>> replace(String serverId, String reason) {
                    return allocator.replace(serverId, reason);
                }

                @Override
                public SavedPlacement placementAfter(int caughtUpShare) {
                    if (caughtUpShare >= 0) {
                        allocator.caughtUp(caughtUpShare);
                    }
                    return allocator.placement();
                }
            };
            engine = new PushEngine(hop, workers, encoder, layout, req.source(), req.journal(), options, listener,
                    req.storageIndex(), replacer, resumeFrom, hashes);
            engine.add(targets);
            // the trailers are written by now: their trees (a scratch file, perhaps) can go
            // this file's own claims for the shares servers already held, read from the trees
            // before their scratch file goes; then those shares are checked against them
            return engine.run().compose(trailers -> {
                        SortedMap<Integer, Set<String>> claimed = allocator.placement().preexisting();
                        return blocking(() -> new Finished(trailers, claimed, ExistingShares.ownClaims(trailers, claimed)));
                    })
                    .eventually(() -> blocking(() -> {
                        closeHashes(hashes);
                        return null;
                    }))
                    .compose(f -> hop.here(ExistingShares.check(serversById(), req.storageIndex(), f.own(), f.claimed()))
                            .compose(verdict -> result(f.trailers(), verdict)));
        }

        /** The pushed file's hash material, the shares servers already held, and this file's claims for them. */
        private record Finished(ShareTrailers trailers, SortedMap<Integer, Set<String>> claimed,
                                Map<Integer, org.lafs.chk.share.ShareClaim> own) {}

        private Map<String, UploadServer> serversById() {
            Map<String, UploadServer> m = new HashMap<>();
            req.servers().forEach(s -> m.put(s.serverId(), s));
            return m;
        }

        /**
         * The result, counting only preexisting shares that are this file's. When foreign ones
         * were found, the happiness is recomputed without them and the upload fails if it falls
         * below {@code happy}: the file is then not stored well enough, and the storage index is
         * poisoned ({@link PoisonedStorageIndexException}).
         */
        private Future<UploadResult> result(ShareTrailers trailers, ExistingShares.Verdict verdict) {
            long now = System.nanoTime();
            SortedMap<Integer, Set<String>> sharemap = new TreeMap<>();
            allocator.shareToServer().forEach((share, server) -> sharemap.computeIfAbsent(share, x -> new LinkedHashSet<>()).add(server));
            int happiness = allocator.happiness();
            if (!verdict.rejected().isEmpty()) {
                Map<Integer, Set<String>> counted = new TreeMap<>();
                sharemap.forEach((sh, s) -> counted.computeIfAbsent(sh, x -> new LinkedHashSet<>()).addAll(s));
                verdict.verified().forEach((sh, s) -> counted.computeIfAbsent(sh, x -> new LinkedHashSet<>()).addAll(s));
                happiness = Happiness.of(counted);
                listener.foreignShares(verdict.rejected());
                if (happiness < req.parameters().happy()) {
                    return Future.failedFuture(new PoisonedStorageIndexException(req.storageIndex(), verdict.rejected(),
                            happiness, req.parameters().happy()));
                }
            }
            SavedPlacement p = allocator.placement();
            PushEngine.Totals pushed = engine.totals();
            long finishAt = pushed.finishStartNanos() == 0 ? now : pushed.finishStartNanos();
            long pushing = pushed.firstWriteNanos() == 0 ? 0 : Math.max(0, finishAt - pushed.firstWriteNanos());
            UploadResult.Timings t = new UploadResult.Timings(Duration.ofNanos(now - startNanos), Duration.ofNanos(selectionNanos),
                    Duration.ofNanos(pushed.encodeNanos()), Duration.ofNanos(pushing),
                    Duration.ofNanos(Math.max(0, now - finishAt)));
            UploadResult r = new UploadResult(geometry.size(), trailers.uebHash(), trailers.uebBytes(), sharemap,
                    verdict.verified(), happiness, pushed.bytesPushed(), pushed.ciphertextRead(), t);
            return blocking(() -> {
                req.journal().saveResult(r);
                return r;
            });
        }

        private <T> Future<T> blocking(Callable<T> work) {
            return hop.here(workers.executeBlocking(work, false));
        }
    }
}
