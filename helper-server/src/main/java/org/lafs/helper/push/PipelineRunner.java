package org.lafs.helper.push;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lafs.chk.EncodingParameters;
import org.lafs.gbs.LeaseSecrets;
import org.lafs.helper.upload.HelperException;
import org.lafs.helper.upload.HelperResult;
import org.lafs.helper.upload.PushRunner;
import org.lafs.helper.upload.Upload;
import org.lafs.helper.upload.UploadParams;
import org.lafs.helper.upload.UploadService;
import org.lafs.upload.PoisonedStorageIndexException;
import org.lafs.upload.SavedPlacement;
import org.lafs.upload.UploadOptions;
import org.lafs.upload.UploadPipeline;
import org.lafs.upload.UploadRequest;
import org.lafs.upload.UploadServer;

/**
 * The integration seam: runs {@link UploadPipeline} for one helper upload, with the spool as
 * ciphertext source, the RocksDB journal, the helper's own lease secrets (leases belong to the
 * helper, as in Tahoe) and the listener bridge. A journal that already holds a result (the
 * helper died after the pipeline finished) short-cuts to it.
 */
public final class PipelineRunner implements PushRunner {
    private final UploadService service;
    private final List<UploadServer> servers;
    private final LeaseSecrets leases;
    private final UploadPipeline pipeline;
    private final WorkerExecutor encodePool;
    /** Pipelines still running; a stop waits for them so their scratch files are closed on the pool. */
    private final java.util.Set<Future<HelperResult>> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The event loops a pipeline may run on, and how many pipelines each runs now. */
    private final org.lafs.net.EventLoops loops;
    private final int[] pipelinesOn;
    private int nextLoop;

    public PipelineRunner(UploadService service, List<UploadServer> servers, LeaseSecrets leases, int windowBytes, int segmentsPerWrite,
                          int writeBytes, int encodeThreads) {
        this.service = service;
        this.servers = List.copyOf(servers);
        this.leases = leases;
        this.encodePool = service.vertx().createSharedWorkerExecutor("helper-encode", encodeThreads);
        this.pipeline = new UploadPipeline(service.vertx(), encodePool, UploadOptions.DEFAULTS.withWindowBytes(windowBytes)
                .withSegmentsPerWrite(segmentsPerWrite).withWriteBytes(writeBytes));
        this.loops = org.lafs.net.EventLoops.of(service.vertx());
        this.pipelinesOn = new int[loops.size()];
    }

    /**
     * The loop for a new pipeline: one running the fewest pipelines, preferring one other than
     * the caller's (which carries this upload's ingest), the loops taken in turn among equals.
     * The pipeline's own state machine is small; its server connections spread from there
     * (the push's ServerLanes), so this only has to keep pipelines from piling up on one loop.
     */
    private synchronized int pickLoop() {
        int here = loops.current();
        int best = -1;
        int bestScore = Integer.MAX_VALUE;
        for (int j = 0; j < pipelinesOn.length; j++) {
            int i = (nextLoop + j) % pipelinesOn.length;
            int score = pipelinesOn[i] * 2 + (i == here ? 1 : 0);
            if (score < bestScore) {
                best = i;
                bestScore = score;
            }
        }
        nextLoop = (best + 1) % pipelinesOn.length;
        pipelinesOn[best]++;
        return best;
    }

    private synchronized void leaveLoop(int loop) {
        pipelinesOn[loop]--;
    }

    @Override
    public Future<HelperResult> run(Upload upload) {
        Future<HelperResult> f = run0(upload);
        running.add(f);
        f.onComplete(ar -> running.remove(f));
        return f;
    }

    private Future<HelperResult> run0(Upload upload) {
        UploadParams p = upload.params();
        RocksUploadJournal journal = new RocksUploadJournal(service.store(), upload.si(), upload::receivedThisSession);
        EncodingParameters ep = new EncodingParameters(p.k(), p.happy(), p.n(), p.segmentSize());
        return service.dbPool().executeBlocking(journal::result).compose(saved -> {
            if (saved.isPresent()) {
                return Future.succeededFuture(saved.get());
            }
            // segment hashes and hash trees in a file beside the spool: the heap then holds no
            // per-segment state, whatever the file size (docs/helper-design.md)
            UploadRequest req = new UploadRequest(p.storageIndex(), ep, new SpoolCiphertextSource(service, upload), servers, leases,
                    journal, new PipelineEvents(upload, service.events(), ep.geometry(p.size())),
                    service.hashScratchPath(upload.si()));
            int loop = pickLoop();
            io.vertx.core.Promise<org.lafs.upload.UploadResult> pushed = io.vertx.core.Promise.promise();
            // started on the chosen loop, the pipeline's context is that loop's (UploadPipeline.upload)
            loops.context(loop).runOnContext(v -> pipeline.upload(req).onComplete(pushed));
            return pushed.future().andThen(ar -> leaveLoop(loop))
                    .map(r -> PipelineResults.toHelperResult(r, upload.receivedThisSession()));
        }).recover(err -> Future.failedFuture(err instanceof HelperException ? err
                : new HelperException(502, reasonOf(err), String.valueOf(err.getMessage()))));
    }

    private static String reasonOf(Throwable err) {
        if (err instanceof org.lafs.placement.PlacementException) {
            return "placement-failed";
        }
        return err instanceof PoisonedStorageIndexException ? "storage-index-poisoned" : "pipeline-failed";
    }

    /** Aborts every share the saved placement allocated (best effort; completed shares stay). */
    @Override
    public Future<Void> abandon(Upload upload) {
        RocksUploadJournal journal = new RocksUploadJournal(service.store(), upload.si(), () -> 0);
        return service.dbPool().executeBlocking(journal::placement).compose(saved -> {
            if (saved.isEmpty()) {
                return Future.succeededFuture();
            }
            SavedPlacement sp = saved.get();
            List<Future<Void>> aborts = new ArrayList<>();
            for (Map.Entry<Integer, String> e : sp.shareToServer().entrySet()) {
                for (UploadServer s : servers) {
                    if (s.serverId().equals(e.getValue())) {
                        aborts.add(s.abort(upload.params().storageIndex(), e.getKey(), sp.uploadSecret(e.getValue()))
                                .otherwise(err -> null));
                    }
                }
            }
            return Future.join(aborts).mapEmpty();
        });
    }

    /**
     * Waits (at most {@code maxMillis}) for running pipelines to end, then closes the encode pool.
     * A stopped helper fails every pipeline's ciphertext reads; each then closes its segment-hash
     * scratch file on the encode pool, so closing the pool first would leave those files open.
     */
    public Future<Void> closeAfterRunning(long maxMillis) {
        io.vertx.core.Promise<Void> settled = io.vertx.core.Promise.promise();
        long timer = service.vertx().setTimer(Math.max(1, maxMillis), id -> settled.tryComplete());
        Future.join(new java.util.ArrayList<>(running)).onComplete(ar -> {
            service.vertx().cancelTimer(timer);
            settled.tryComplete();
        });
        return settled.future().eventually(() -> {
            close();
            return Future.succeededFuture();
        });
    }

    public void close() {
        encodePool.close();
    }
}
