package org.lafs.helper.upload;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
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
 * Owns every upload: opening (dedup by storage index, quotas, spool quota, grid check), durable
 * ingest checkpoints, starting the pipeline, finishing, restart recovery and expiry. The one
 * place that decides an upload's life cycle.
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
    private final Map<String, Future<OpenResult>> opening = new ConcurrentHashMap<>();
    /** When each recent result arrived (epoch millis), for the status page. */
    private final Map<String, Long> recentAt = new ConcurrentHashMap<>();
    private final Map<String, HelperResult> recent = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HelperResult> e) {
            boolean evict = size() > 50;
            if (evict) {
                recentAt.remove(e.getKey());
            }
            return evict;
        }
    });
    private volatile PushRunner runner;
    private volatile boolean stopping;

    /** How an open request was answered. */
    public enum Outcome { CREATED, JOINED, RESUMED, IN_GRID }

    /** The answer to {@link #open}: the live upload, or the in-grid result. */
    public record OpenResult(Outcome outcome, Upload upload, HelperResult inGrid) {}

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

    public Map<String, HelperResult> recentResults() {
        synchronized (recent) {
            return new LinkedHashMap<>(recent);
        }
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

    private Path spoolPath(String si) {
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
     * Recovers every upload RocksDB knows after a restart: active ones get their spool cut back
     * to the recorded durable offset and their pipeline restarted (it resumes from its journal);
     * finished ones lose any leftover spool file. Call once, before serving.
     */
    public Future<Void> start() {
        return spoolPool.executeBlocking(this::deletePlaintextSpools).compose(v -> dbPool.executeBlocking(() -> {
            quota.load(store);
            Map<UploadRecord, List<String>> records = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> e : store.scan("u/")) {
                UploadRecord r = UploadRecord.decode(e.getValue());
                records.put(r, joinedTokens(r.params().siBase32()));
            }
            return records;
        })).compose(records -> {
            List<Future<?>> all = new ArrayList<>();
            records.forEach((r, joined) -> {
                String si = r.params().siBase32();
                if (r.state() == UploadState.ACTIVE) {
                    all.add(spoolPool.executeBlocking(() -> SpoolFile.open(spoolPath(si), r.durableOffset())).map(spool -> {
                        Upload u = new Upload(r, spool);
                        joined.forEach(u::addToken);
                        active.put(si, u);
                        // Not a resume yet: "resumes" counts clients coming back to bytes they
                        // sent (a POST that joins or resumes an upload holding bytes).
                        Log.info("upload-recovered", "si", si, "offset", r.durableOffset(), "size", r.params().size());
                        launch(u);
                        return null;
                    }).otherwise(err -> {
                        Log.warn("upload-recover-failed", "si", si, "error", err.getMessage());
                        return null;
                    }));
                } else {
                    all.add(spoolPool.executeBlocking(() -> {
                        Files.deleteIfExists(spoolPath(si));
                        Files.deleteIfExists(hashScratchPath(si)); // left by a killed helper
                        return null;
                    }));
                }
            });
            return Future.join(all).mapEmpty();
        });
    }

    /**
     * Blocking: deletes the helper-as-client's temporary spools a killed helper left (they are
     * encrypted with a key that died with it, so they are useless as well as private).
     */
    private Void deletePlaintextSpools() throws IOException {
        Path dir = config.spoolDir();
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith(PLAINTEXT_SPOOL_PREFIX)) {
                    Files.deleteIfExists(p);
                    Log.info("plaintext-spool-deleted", "file", p.getFileName());
                }
            }
        }
        return null;
    }

    /**
     * Tokens that joined an upload are kept under its journal prefix ({@code j/<si>/token/<name>}),
     * so a restarted helper still counts the upload against their concurrency quota, and every
     * path that ends an upload already removes them with the journal.
     */
    private static String joinedKey(String si, String token) {
        return "j/" + si + "/token/" + token;
    }

    /** Blocking: the tokens recorded as having joined {@code si}. */
    private List<String> joinedTokens(String si) {
        String prefix = joinedKey(si, "");
        return store.scan(prefix).stream().map(e -> e.getKey().substring(prefix.length())).toList();
    }

    /**
     * Opens an upload for {@code token}: joins a running upload of the same storage index
     * (parameters must match), resumes a stored one, answers from the grid, or creates one.
     * Fails with {@link HelperException} on a quota or parameter problem.
     *
     * <p>Who may write: a running or stored upload is joined or resumed only by a token that
     * already belongs to it (its creator, or one that joined), or by one presenting the key proof
     * its creator presented ({@link KeyProof}). Any other token gets 409 {@code upload-in-progress}
     * while the upload runs, so it can never add bytes to a file another client relies on; a
     * stored upload that is not running (it failed) is replaced for it by a fresh one.
     *
     * @param proof the client's key proof, or null when it sent none
     */
    public Future<OpenResult> open(TokenPolicy token, UploadParams p, KeyProof proof) {
        try {
            return open0(token, p, proof);
        } catch (HelperException e) {
            return Future.failedFuture(e);
        }
    }

    /** {@link #open(TokenPolicy, UploadParams, KeyProof)} without a key proof. */
    public Future<OpenResult> open(TokenPolicy token, UploadParams p) {
        return open(token, p, null);
    }

    private Future<OpenResult> open0(TokenPolicy token, UploadParams p, KeyProof proof) {
        events.uploadRequested();
        String reason = p.validate(Math.min(config.maxFileSize(), token.maxFileSize()), config.maxSegmentSize(),
                config.maxOpenSegments());
        if (reason != null) {
            int status = reason.equals("upload-too-large") || reason.equals("too-many-segments") ? 413 : 400;
            return Future.failedFuture(new HelperException(status, reason, "upload parameters rejected: " + reason));
        }
        if (stopping) {
            return Future.failedFuture(new HelperException(503, "shutting-down", "helper is stopping"));
        }
        String si = p.siBase32();
        Upload existing = active.get(si);
        if (existing != null) {
            return join(existing, token, p, proof);
        }
        Future<OpenResult> pending = opening.get(si);
        if (pending != null) {
            return pending.compose(r -> r.upload() == null ? Future.succeededFuture(r) : join(r.upload(), token, p, proof));
        }
        checkConcurrency(token, si);
        if (reservedSpool() + p.size() > config.spoolQuotaBytes()) {
            events.rejected("spool-full");
            return Future.failedFuture(new HelperException(507, "spool-full", "spool quota exhausted"));
        }
        if (reservedSegments() + p.numSegments() > config.maxOpenSegments()) {
            events.rejected("segment-budget-full");
            return Future.failedFuture(new HelperException(507, "segment-budget-full",
                    "open uploads hold too many segments' hashes; retry later"));
        }
        long t0 = System.nanoTime();
        Future<OpenResult> f = spoolPool.executeBlocking(this::usableSpoolSpace, false).compose(free -> {
            if (p.size() > free) {
                events.rejected("spool-full");
                return Future.failedFuture(new HelperException(507, "spool-full", "no disk space for the spool"));
            }
            return dbPool.executeBlocking(() -> store.get("u/" + si).map(UploadRecord::decode)
                    .map(r -> new Stored(r, joinedTokens(si))));
        }).compose(stored -> {
                    if (stored.isPresent() && stored.get().resumableBy(token, p, proof)) {
                        return activate(stored.get().record().touched(clock.millis()), Outcome.RESUMED);
                    }
                    if (stored.isPresent() && stored.get().record().state() == UploadState.ACTIVE) {
                        // someone else's failed upload: never continued with this client's bytes
                        Log.info("upload-replaced", "si", si, "token", token.name());
                    }
                    return grid.probe(p.storageIndex()).compose(found -> {
                        long gridNanos = System.nanoTime() - t0;
                        events.phaseTime("grid-check", gridNanos);
                        Log.info("grid-checked", "si", si, "present", found != null, "ms", gridNanos / 1_000_000);
                        if (found != null && matches(found, p)) {
                            events.alreadyPresent();
                            remember(si, found);
                            Log.info("upload-in-grid", "si", si, "token", token.name());
                            return dbPool.executeBlocking(() -> {
                                store.put("r/" + si, resultEntry(found));
                                return new OpenResult(Outcome.IN_GRID, null, found);
                            });
                        }
                        events.needUpload();
                        long now = clock.millis();
                        UploadRecord fresh = new UploadRecord(p, token.name(), now, now, 0, UploadState.ACTIVE, proof);
                        return dbPool.executeBlocking(() -> {
                            // A stale record (failed, abandoned, another token's, other parameters) is replaced.
                            store.deletePrefix("j/" + si + "/");
                            store.delete("r/" + si);
                            return null;
                        }).compose(v -> spoolPool.executeBlocking(() -> {
                            Files.deleteIfExists(spoolPath(si));
                            Files.deleteIfExists(hashScratchPath(si));
                            return null;
                        })).compose(v -> activate(fresh, Outcome.CREATED));
                    });
                });
        opening.put(si, f);
        return f.andThen(ar -> opening.remove(si));
    }

    /** What {@link #precheck} found. */
    public enum PrecheckKind {
        /** An upload of the storage index is running ({@code upload} is it). */
        ACTIVE,
        /** A stopped upload is stored and can be resumed by its owner. */
        STORED,
        /** The file is already in the grid ({@code inGrid} is the result). */
        IN_GRID,
        /** Nothing known: the client must upload. */
        ABSENT
    }

    /**
     * The answer to {@link #precheck}.
     *
     * @param kind what was found
     * @param owners the tokens that may continue a running or stored upload (creator first)
     * @param upload the running upload ({@code ACTIVE})
     * @param inGrid the grid's result ({@code IN_GRID})
     */
    public record Precheck(PrecheckKind kind, java.util.Set<String> owners, Upload upload, HelperResult inGrid) {}

    /**
     * Tahoe's {@code upload_chk(si)} for clients that declare their parameters only after this
     * answer (Foolscap's {@code RIHelper}): looks for a running upload, then a stored one, then asks
     * the grid. An in-grid answer is counted and remembered as {@link #open} does; the other cases
     * are counted by the {@link #open} that follows. Never fails for a broken grid (that means
     * "upload").
     */
    public Future<Precheck> precheck(TokenPolicy token, byte[] storageIndex) {
        String si = org.lafs.format.Base32.encode(storageIndex);
        Upload u = active.get(si);
        if (u != null) {
            return Future.succeededFuture(new Precheck(PrecheckKind.ACTIVE, u.tokens(), u, null));
        }
        Future<OpenResult> pending = opening.get(si);
        if (pending != null) {
            return pending.transform(ar -> precheck(token, storageIndex));
        }
        long t0 = System.nanoTime();
        return dbPool.executeBlocking(() -> store.get("u/" + si).map(UploadRecord::decode)).compose(stored -> {
            Upload raced = active.get(si);
            if (raced != null) {
                return Future.succeededFuture(new Precheck(PrecheckKind.ACTIVE, raced.tokens(), raced, null));
            }
            if (stored.isPresent() && stored.get().state() == UploadState.ACTIVE) {
                String creator = stored.get().token();
                return dbPool.executeBlocking(() -> {
                    java.util.Set<String> owners = new java.util.LinkedHashSet<>();
                    owners.add(creator);
                    owners.addAll(joinedTokens(si));
                    return new Precheck(PrecheckKind.STORED, java.util.Set.copyOf(owners), null, null);
                });
            }
            return grid.probe(storageIndex).compose(found -> {
                long gridNanos = System.nanoTime() - t0;
                events.phaseTime("grid-check", gridNanos);
                Log.info("grid-checked", "si", si, "present", found != null, "ms", gridNanos / 1_000_000);
                if (found == null) {
                    return Future.succeededFuture(new Precheck(PrecheckKind.ABSENT, java.util.Set.of(), null, null));
                }
                events.uploadRequested();
                events.alreadyPresent();
                recent.put(si, found);
                Log.info("upload-in-grid", "si", si, "token", token.name());
                return dbPool.executeBlocking(() -> {
                    store.put("r/" + si, resultEntry(found));
                    return new Precheck(PrecheckKind.IN_GRID, java.util.Set.of(), null, found);
                });
            });
        });
    }

    /** A stored upload record with the tokens that had joined it. */
    private record Stored(UploadRecord record, List<String> joined) {
        /** Same parameters, still unfinished, and {@code token} belongs to it or proves the key. */
        boolean resumableBy(TokenPolicy token, UploadParams p, KeyProof proof) {
            return record.state() == UploadState.ACTIVE && record.params().sameAs(p)
                    && (record.token().equals(token.name()) || joined.contains(token.name())
                        || (proof != null && proof.sameAs(record.proof())));
        }
    }

    /** The grid's UEB agrees with what the client declared (k, n, size, segment size). */
    static boolean matches(HelperResult found, UploadParams p) {
        Map<String, Object> u = found.ueb();
        return num(u, "total_shares") == p.n() && num(u, "needed_shares") == p.k() && num(u, "size") == p.size()
                && num(u, "segment_size") == p.segmentSize();
    }

    private static long num(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : -1;
    }

    private Future<OpenResult> join(Upload u, TokenPolicy token, UploadParams p, KeyProof proof) {
        if (!u.params().sameAs(p)) {
            events.rejected("params-mismatch");
            return Future.failedFuture(new HelperException(409, "params-mismatch",
                    "an upload of this storage index with other parameters is open"));
        }
        Future<Void> recorded = Future.succeededFuture();
        if (!u.tokens().contains(token.name())) {
            if (proof == null || !proof.sameAs(u.record().proof())) {
                events.rejected("upload-in-progress");
                Log.info("upload-join-refused", "si", u.si(), "token", token.name(), "proof", proof != null);
                return Future.failedFuture(new HelperException(409, "upload-in-progress",
                        "another client is uploading this file; retry when it has finished (the file is then found in the grid)"));
            }
            try {
                checkConcurrency(token, u.si());
            } catch (HelperException e) {
                return Future.failedFuture(e);
            }
            u.addToken(token.name());
            String key = joinedKey(u.si(), token.name());
            recorded = dbPool.executeBlocking(() -> {
                if (!u.closed()) { // an ended upload's journal prefix is already gone
                    store.put(key, new byte[0]);
                }
                return null;
            });
        }
        Log.info("upload-joined", "si", u.si(), "token", token.name());
        return recorded.map(v -> new OpenResult(Outcome.JOINED, u, null));
    }

    /**
     * The live upload of {@code si} if {@code token} belongs to it (created or joined it): the
     * only way a request reaches an upload's bytes, progress or termination. Others see nothing,
     * not even that the upload exists.
     */
    public Optional<Upload> findFor(String si, TokenPolicy token) {
        return find(si).filter(u -> u.tokens().contains(token.name()));
    }

    private void checkConcurrency(TokenPolicy token, String si) {
        long mine = active.values().stream().filter(u -> !u.si().equals(si) && u.tokens().contains(token.name())).count();
        if (mine >= token.concurrentUploads()) {
            events.rejected("quota-concurrent-uploads");
            throw new HelperException(403, "quota-concurrent-uploads", "too many open uploads for this token");
        }
    }

    private long usableSpoolSpace() {
        try {
            Path dir = config.spoolDir();
            Files.createDirectories(dir);
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private Future<OpenResult> activate(UploadRecord r, Outcome outcome) {
        String si = r.params().siBase32();
        return dbPool.executeBlocking(() -> {
            store.put("u/" + si, r.encode());
            return joinedTokens(si);
        }).compose(joined -> spoolPool.executeBlocking(() -> SpoolFile.open(spoolPath(si), r.durableOffset())).map(spool -> {
            Upload u = new Upload(r, spool);
            joined.forEach(u::addToken);
            active.put(si, u);
            if (outcome == Outcome.RESUMED) {
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
     * (and {@code token}'s quota usage) in RocksDB, then wake readers waiting for those bytes.
     */
    public Future<Long> commit(Upload u, long newOffset, TokenPolicy token) {
        long t0 = System.nanoTime();
        long before = u.progress().durable();
        if (u.closed()) {
            return Future.failedFuture(new HelperException(410, "upload-closed", "the upload has ended"));
        }
        if (newOffset <= before) {
            return Future.succeededFuture(before);
        }
        // Unordered: the fsync may run on another pool thread while the session keeps writing;
        // it makes durable at least every byte written before it was called (newOffset).
        return spoolPool.executeBlocking(() -> {
            u.spool().force();
            return null;
        }, false).compose(v -> {
            long t1 = System.nanoTime();
            events.phaseTime("fsync", t1 - t0);
            UploadRecord next = u.record().withOffset(newOffset, clock.millis());
            return dbPool.executeBlocking(() -> {
                Map<String, byte[]> batch = new LinkedHashMap<>();
                batch.put("u/" + u.si(), next.encode());
                Map.Entry<String, byte[]> q = quota.persistEntry(token.name());
                batch.put(q.getKey(), q.getValue());
                store.write(batch);
                return next;
            }).map(rec -> {
                events.phaseTime("record-offset", System.nanoTime() - t1);
                u.setRecord(rec);
                u.progress().advance(newOffset);
                u.addReceived(newOffset - before);
                events.ciphertextReceived(newOffset - before);
                u.notifyChange();
                return newOffset;
            });
        });
    }

    private void finish(Upload u, HelperResult result, long t0) {
        String si = u.si();
        dbPool.executeBlocking(() -> {
            Map<String, byte[]> batch = new LinkedHashMap<>();
            batch.put("r/" + si, resultEntry(result));
            batch.put("u/" + si, u.record().withState(UploadState.DONE, clock.millis()).encode());
            store.write(batch);
            store.deletePrefix("j/" + si + "/");
            return null;
        }).compose(v -> spoolPool.executeBlocking(() -> {
            u.spool().close();
            Files.deleteIfExists(u.spool().path());
            return null;
        })).onComplete(ar -> {
            if (ar.failed()) {
                Log.warn("upload-finish-record-failed", "si", si, "error", ar.cause().getMessage());
            }
            u.markClosed();
            active.remove(si, u);
            remember(si, result);
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
        // Record and spool stay: the next open of this storage index resumes from them.
        spoolPool.executeBlocking(() -> {
            u.spool().close();
            return null;
        }).onComplete(ar -> {
            u.markClosed();
            // a PATCH still sending learns why, not just that the upload is gone
            u.progress().fail(new HelperException(410, reason, "the upload failed: " + detail));
            active.remove(si, u);
            remember(si, failed);
            u.setResult(failed);
            events.uploadEnded("failed", System.nanoTime() - t0);
        });
    }

    private void remember(String si, HelperResult r) {
        recentAt.put(si, clock.millis());
        recent.put(si, r);
    }

    /** When the recent result of {@code si} arrived (epoch millis), 0 when unknown. */
    public long recentAt(String si) {
        return recentAt.getOrDefault(si, 0L);
    }

    /** The stored result for {@code si} (finished, in-grid or failed), if any. */
    public Future<Optional<HelperResult>> storedResult(String si) {
        HelperResult r = recent.get(si);
        if (r != null) {
            return Future.succeededFuture(Optional.of(r));
        }
        return dbPool.executeBlocking(() -> store.get("r/" + si).map(b -> HelperResult.fromJson(new JsonObject(new String(b, StandardCharsets.UTF_8)).getJsonObject("result"))));
    }

    private byte[] resultEntry(HelperResult r) {
        return new JsonObject().put("at", clock.millis()).put("result", r.toJson()).encode().getBytes(StandardCharsets.UTF_8);
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
        u.markClosed();
        HelperException gone = new HelperException(410, "upload-" + outcome, "upload " + outcome);
        u.progress().fail(gone);
        HelperResult ended = HelperResult.failed(outcome, "the upload was " + outcome);
        u.setResult(ended);
        remember(si, ended);
        PushRunner r = runner;
        Future<Void> release = r == null ? Future.succeededFuture() : r.abandon(u).recover(err -> Future.succeededFuture());
        events.uploadEnded(outcome, u.ageNanos());
        Log.info("upload-" + outcome, "si", si);
        return release.compose(v -> dbPool.executeBlocking(() -> {
            Map<String, byte[]> batch = new LinkedHashMap<>();
            batch.put("u/" + si, null);
            batch.put("r/" + si, null);
            store.write(batch);
            store.deletePrefix("j/" + si + "/");
            return null;
        })).compose(v -> spoolPool.executeBlocking(() -> {
            u.spool().close();
            Files.deleteIfExists(u.spool().path());
            return null;
        })).mapEmpty();
    }

    /**
     * One expiry pass: abandons active uploads idle longer than {@code uploads.expiry}, deletes
     * stored records of idle failed uploads and their spool, results older than
     * {@code uploads.result-retention}, and stale quota counters.
     */
    public Future<Integer> sweep() {
        long now = clock.millis();
        long expiry = config.expiry().toMillis();
        List<Future<Void>> ends = new ArrayList<>();
        for (Upload u : active.values()) {
            if (now - u.lastActivityMillis() >= expiry) {
                ends.add(terminate(u, "expired"));
            }
        }
        return Future.join(ends).transform(ar -> dbPool.executeBlocking(() -> {
            int removed = ends.size();
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            for (Map.Entry<String, byte[]> e : store.scan("u/")) {
                UploadRecord r = UploadRecord.decode(e.getValue());
                String si = r.params().siBase32();
                boolean idle = now - r.lastActivityMillis() >= expiry;
                if (!active.containsKey(si) && (r.state() != UploadState.ACTIVE || idle)) {
                    if (r.state() == UploadState.ACTIVE) {
                        removed++;
                        Log.info("upload-expired", "si", si);
                    }
                    store.delete(e.getKey());
                    store.deletePrefix("j/" + si + "/");
                    Files.deleteIfExists(spoolPath(si));
                    Files.deleteIfExists(hashScratchPath(si));
                }
            }
            for (Map.Entry<String, byte[]> e : store.scan("r/")) {
                long at = new JsonObject(new String(e.getValue(), StandardCharsets.UTF_8)).getLong("at", 0L);
                if (now - at > config.resultRetention().toMillis()) {
                    store.delete(e.getKey());
                    recent.remove(e.getKey().substring(2));
                }
            }
            for (Map.Entry<String, byte[]> e : store.scan("q/")) {
                if (QuotaLedger.isStale(e.getKey(), today)) {
                    store.delete(e.getKey());
                }
            }
            return removed;
        }));
    }

    /** Stops accepting work; pipelines are abandoned in memory (their journals stay for restart). */
    public Future<Void> stop() {
        stopping = true;
        List<Future<Void>> closes = new ArrayList<>();
        for (Upload u : active.values()) {
            u.markClosed();
            u.progress().fail(new HelperException(503, "shutting-down", "helper is stopping"));
            closes.add(spoolPool.executeBlocking(() -> {
                u.spool().close();
                return null;
            }));
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

    public Vertx vertx() {
        return vertx;
    }
}
