package org.lafs.helper.upload;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.lafs.helper.auth.QuotaLedger;
import org.lafs.helper.config.HelperConfig;
import org.lafs.helper.config.TokenPolicy;
import org.lafs.log.Log;
import org.lafs.helper.metrics.HelperEvents;
import org.lafs.helper.store.HelperStore;
import org.lafs.helper.spool.SpoolFile;

/**
 * Owns every upload and its life cycle: the registry of live uploads, durable ingest
 * checkpoints, starting the pipeline, finishing, failing and terminating. The decisions around
 * it live beside it, one job each: who gets which upload ({@link UploadAdmission}), what a
 * restarted helper picks up ({@link UploadRecovery}), what expires ({@link ExpirySweep}), the
 * outcomes kept for later questions ({@link RecentResults}), the durable commit
 * ({@link DurableCommit}) and what stays on disk when an upload ends ({@link EndedUploads}).
 *
 * <p>Durability rule: an offset is visible to clients and to the encoder only after the spool
 * is fsynced <em>and</em> the offset is in RocksDB ({@link #commit}). Blocking work runs on two
 * named worker pools, {@code helper-spool} (file I/O) and {@code helper-db} (RocksDB).
 *
 * <p>Threading: thread-safe; methods return futures and never block the caller.
 */
public final class UploadService {
    private final Vertx vertx;
    private final HelperConfig config;
    private final HelperStore store;
    private final QuotaLedger quota;
    private final HelperEvents events;
    private final GridProbe grid;
    private final Clock clock;
    private final WorkerExecutor spoolPool;
    private final WorkerExecutor dbPool;
    private final Map<String, Upload> active = new ConcurrentHashMap<>();
    private final RecentResults results;
    private final UploadAdmission admission;
    private final DurableCommit durableCommit;
    private final EndedUploads ended;
    private volatile PushRunner runner;
    private volatile boolean stopping;

    public UploadService(Vertx vertx, HelperConfig config, HelperStore store, QuotaLedger quota, HelperEvents events,
            GridProbe grid, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.quota = quota;
        this.events = events;
        this.grid = grid;
        this.clock = clock;
        this.spoolPool = vertx.createSharedWorkerExecutor("helper-spool", 4);
        this.dbPool = vertx.createSharedWorkerExecutor("helper-db", 2);
        this.results = new RecentResults(store, dbPool, clock);
        this.admission = new UploadAdmission(this, grid, clock, results);
        this.durableCommit = new DurableCommit(spoolPool, dbPool, store, quota, events, clock);
        this.ended = new EndedUploads(spoolPool, dbPool, store, results, clock);
    }

    public HelperConfig config() {
        return config;
    }

    public HelperEvents events() {
        return events;
    }

    public QuotaLedger quota() {
        return quota;
    }

    public WorkerExecutor spoolPool() {
        return spoolPool;
    }

    public WorkerExecutor dbPool() {
        return dbPool;
    }

    public HelperStore store() {
        return store;
    }

    /** Sets the pipeline seam; uploads opened before this wait for {@link #start}. */
    public void setRunner(PushRunner r) {
        this.runner = r;
    }

    public Collection<Upload> activeUploads() {
        return List.copyOf(active.values());
    }

    public Optional<Upload> find(String si) {
        return Optional.ofNullable(active.get(si));
    }

    /** The newest results, oldest first (the status page's list). */
    public Map<String, HelperResult> recentResults() {
        return results.inMemory();
    }

    /** Total declared size of open uploads: what the spool may still grow to. */
    public long reservedSpool() {
        long sum = 0;
        for (Upload u : active.values()) {
            sum += u.params().size();
        }
        return sum;
    }

    /** Total segments of open uploads: their hash-tree leaves are in the heap until each ends. */
    public long reservedSegments() {
        long sum = 0;
        for (Upload u : active.values()) {
            sum += u.params().numSegments();
        }
        return sum;
    }

    Path spoolPath(String si) {
        return config.spoolDir().resolve(si);
    }

    /** Name prefix of the helper-as-client's temporary (encrypted) plaintext spools, deleted at start-up. */
    static final String PLAINTEXT_SPOOL_PREFIX = "plain-";

    /** A fresh path for a helper-as-client plaintext spool (encrypt what goes in: see {@code PlaintextUpload}). */
    public Path newPlaintextSpoolPath() {
        return config.spoolDir().resolve(PLAINTEXT_SPOOL_PREFIX + java.util.UUID.randomUUID());
    }

    /** The pipeline's scratch file for the segment hashes of {@code si} (it deletes the file when it ends). */
    public Path hashScratchPath(String si) {
        return config.spoolDir().resolve(si + ".hashes");
    }

    /**
     * Recovers every upload RocksDB knows after a restart ({@link UploadRecovery}): active ones
     * continue, finished ones lose leftovers. Call once, before serving.
     */
    public Future<Void> start() {
        return UploadRecovery.run(this);
    }

    /** Makes a recovered upload live and restarts its pipeline (for {@link UploadRecovery}). */
    void recovered(Upload u) {
        active.put(u.si(), u);
        launch(u);
    }

    /**
     * Tokens that joined an upload are kept under its journal prefix ({@code j/<si>/token/<name>}),
     * so a restarted helper still counts the upload against their concurrency quota, and every
     * path that ends an upload already removes them with the journal.
     */
    static String joinedKey(String si, String token) {
        return "j/" + si + "/token/" + token;
    }

    /** Blocking: the tokens recorded as having joined {@code si}. */
    List<String> joinedTokens(String si) {
        String prefix = joinedKey(si, "");
        return store.scan(prefix).stream().map(e -> e.getKey().substring(prefix.length())).toList();
    }

    /**
     * Opens an upload for {@code token}: joins a running upload of the same storage index
     * (parameters must match), resumes a stored one, answers from the grid, or creates one
     * ({@link UploadAdmission} decides, docs/helper-design.md "Who may write an upload").
     * Fails with {@link HelperException} on a quota or parameter problem, or 409
     * {@code upload-in-progress} when another client's upload of the file is under way.
     *
     * @param proof the client's key proof, or null when it sent none
     */
    public Future<OpenResult> open(TokenPolicy token, UploadParams p, KeyProof proof) {
        return admission.open(token, p, proof);
    }

    /** {@link #open(TokenPolicy, UploadParams, KeyProof)} without a key proof. */
    public Future<OpenResult> open(TokenPolicy token, UploadParams p) {
        return open(token, p, null);
    }

    /**
     * Tahoe's {@code upload_chk(si)} for clients that declare their parameters only after this
     * answer (Foolscap's {@code RIHelper}): looks for a running upload, then a stored one, then asks
     * the grid. An in-grid answer is counted and remembered as {@link #open} does; the other cases
     * are counted by the {@link #open} that follows. Never fails for a broken grid (that means
     * "upload").
     */
    public Future<Precheck> precheck(TokenPolicy token, byte[] storageIndex) {
        return admission.precheck(token, storageIndex);
    }

    /**
     * The live upload of {@code si} if {@code token} belongs to it (created or joined it): the
     * only way a request reaches an upload's bytes, progress or termination. Others see nothing,
     * not even that the upload exists.
     */
    public Optional<Upload> findFor(String si, TokenPolicy token) {
        return find(si).filter(u -> u.tokens().contains(token.name()));
    }

    /** Registers and starts the live upload of a record that is new or resumed (for {@link UploadAdmission}). */
    Future<OpenResult> activate(UploadRecord r, OpenResult.Outcome outcome) {
        String si = r.params().siBase32();
        return dbPool.executeBlocking(() -> {
            store.put("u/" + si, r.encode());
            return joinedTokens(si);
        }).compose(joined -> spoolPool.executeBlocking(() -> SpoolFile.open(spoolPath(si), r.durableOffset())).map(spool -> {
            Upload u = new Upload(r, spool);
            joined.forEach(u::addToken);
            active.put(si, u);
            if (outcome == OpenResult.Outcome.RESUMED) {
                events.resumed();
            }
            Log.info("upload-opened", "si", si, "outcome", outcome, "token", r.token(), "size", r.params().size(),
                    "offset", r.durableOffset());
            launch(u);
            return new OpenResult(outcome, u, null);
        }));
    }

    private void launch(Upload u) {
        PushRunner r = runner;
        if (r == null) {
            return;
        }
        long t0 = System.nanoTime();
        Future<HelperResult> f;
        try {
            f = r.run(u);
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
            if (stopping || u.closed()) {
                return;
            }
            if (ar.succeeded()) {
                finish(u, ar.result(), t0);
            } else {
                fail(u, ar.cause(), t0);
            }
        });
    }

    /**
     * Makes {@code newOffset} bytes of {@code u}'s spool durable: fsync, then record the offset
     * (and {@code token}'s quota usage) in RocksDB, then wake readers waiting for those bytes
     * ({@link DurableCommit}).
     */
    public Future<Long> commit(Upload u, long newOffset, TokenPolicy token) {
        return durableCommit.commit(u, newOffset, token);
    }

    private void finish(Upload u, HelperResult result, long t0) {
        String si = u.si();
        ended.recordDone(u, result).onComplete(ar -> {
            if (ar.failed()) {
                Log.warn("upload-finish-record-failed", "si", si, "error", ar.cause().getMessage());
            }
            u.markClosed();
            active.remove(si, u);
            results.remember(si, result);
            u.setResult(result);
            events.uploadEnded(result.state(), System.nanoTime() - t0);
            Log.info("upload-done", "si", si, "pushed", result.pushedShares(), "preexisting", result.preexistingShares());
        });
    }

    private void fail(Upload u, Throwable cause, long t0) {
        String si = u.si();
        String reason = cause instanceof HelperException he ? he.reason() : "pipeline-failed";
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        HelperResult failed = HelperResult.failed(reason, detail);
        Log.warn("upload-failed", "si", si, "reason", reason, "error", detail);
        // Closed (with its reason) before the spool: a PATCH still sending then fails on the
        // closed upload and answers 410 with why, never a spool error about a closed file.
        u.progress().fail(new HelperException(410, reason, "the upload failed: " + detail));
        u.markClosed();
        // Record and spool stay: the next open of this storage index resumes from them.
        ended.closeSpool(u).onComplete(ar -> {
            active.remove(si, u);
            results.remember(si, failed);
            u.setResult(failed);
            events.uploadEnded("failed", System.nanoTime() - t0);
        });
    }

    /** When the recent result of {@code si} arrived (epoch millis), 0 when unknown. */
    public long recentAt(String si) {
        return results.arrivedAt(si);
    }

    /** The stored result for {@code si} (finished, in-grid or failed), if any. */
    public Future<Optional<HelperResult>> storedResult(String si) {
        return results.find(si);
    }

    /**
     * Ends an upload for good (tus termination, or expiry): stops the pipeline, deletes spool,
     * record and journal, and asks the runner to release buckets it allocated.
     */
    public Future<Void> terminate(Upload u, String outcome) {
        String si = u.si();
        if (!active.remove(si, u)) {
            return Future.succeededFuture();
        }
        HelperException gone = new HelperException(410, "upload-" + outcome, "upload " + outcome);
        u.progress().fail(gone); // before markClosed: whoever sees the upload closed finds why (Upload.endedError)
        u.markClosed();
        HelperResult gaveUp = HelperResult.failed(outcome, "the upload was " + outcome);
        u.setResult(gaveUp);
        results.remember(si, gaveUp);
        PushRunner r = runner;
        Future<Void> release = r == null ? Future.succeededFuture() : r.abandon(u).recover(err -> Future.succeededFuture());
        events.uploadEnded(outcome, u.ageNanos());
        Log.info("upload-" + outcome, "si", si);
        return release.compose(v -> ended.forget(u)).mapEmpty();
    }

    /**
     * One expiry pass ({@link ExpirySweep}): abandons idle uploads, deletes stale records, old
     * results and stale quota counters.
     *
     * @return how many uploads expired
     */
    public Future<Integer> sweep() {
        return ExpirySweep.run(this, results);
    }

    /** Stops accepting work; pipelines are abandoned in memory (their journals stay for restart). */
    public Future<Void> stop() {
        stopping = true;
        List<Future<Void>> closes = new ArrayList<>();
        for (Upload u : active.values()) {
            u.progress().fail(new HelperException(503, "shutting-down", "helper is stopping"));
            u.markClosed();
            closes.add(ended.closeSpool(u));
        }
        active.clear();
        return Future.join(closes).transform(ar -> {
            spoolPool.close();
            dbPool.close();
            return Future.succeededFuture();
        });
    }

    public boolean stopping() {
        return stopping;
    }

    Clock clock() {
        return clock;
    }

    public Vertx vertx() {
        return vertx;
    }
}
