package org.lafs.helper.upload;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.lafs.helper.config.HelperConfig;
import org.lafs.helper.config.TokenPolicy;
import org.lafs.helper.metrics.HelperEvents;
import org.lafs.helper.store.HelperStore;
import org.lafs.helper.upload.OpenResult.Outcome;
import org.lafs.log.Log;

/**
 * Who gets which upload: the one place that decides, for a client asking to upload a storage
 * index, whether it joins a running upload, resumes a stored one, is answered from the grid, gets
 * a fresh upload, or is refused (parameters, quotas, spool, segment budget, another client's
 * upload). docs/helper-design.md "Who may write an upload" says why the rules are safe.
 *
 * <p>Concurrent opens of one storage index are serialized through {@link #opening}: the second
 * waits for the first and then joins it. Threading: thread-safe; futures only.
 */
final class UploadAdmission {
    private final UploadService service;
    private final HelperConfig config;
    private final HelperStore store;
    private final HelperEvents events;
    private final GridProbe grid;
    private final Clock clock;
    private final WorkerExecutor spoolPool;
    private final WorkerExecutor dbPool;
    private final RecentResults results;
    private final Map<String, Future<OpenResult>> opening = new java.util.concurrent.ConcurrentHashMap<>();

    UploadAdmission(UploadService service, GridProbe grid, Clock clock, RecentResults results) {
        this.service = service;
        this.config = service.config();
        this.store = service.store();
        this.events = service.events();
        this.grid = grid;
        this.clock = clock;
        this.spoolPool = service.spoolPool();
        this.dbPool = service.dbPool();
        this.results = results;
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
    Future<OpenResult> open(TokenPolicy token, UploadParams p, KeyProof proof) {
        try {
            return open0(token, p, proof);
        } catch (HelperException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<OpenResult> open0(TokenPolicy token, UploadParams p, KeyProof proof) {
        events.uploadRequested();
        String reason = p.validate(Math.min(config.maxFileSize(), token.maxFileSize()), config.maxSegmentSize(),
                config.maxOpenSegments());
        if (reason != null) {
            int status = reason.equals("upload-too-large") || reason.equals("too-many-segments") ? 413 : 400;
            return Future.failedFuture(new HelperException(status, reason, "upload parameters rejected: " + reason));
        }
        if (service.stopping()) {
            return Future.failedFuture(new HelperException(503, "shutting-down", "helper is stopping"));
        }
        String si = p.siBase32();
        Upload existing = service.find(si).orElse(null);
        if (existing != null) {
            return join(existing, token, p, proof);
        }
        Future<OpenResult> pending = opening.get(si);
        if (pending != null) {
            return pending.compose(r -> r.upload() == null ? Future.succeededFuture(r) : join(r.upload(), token, p, proof));
        }
        checkConcurrency(token, si);
        if (service.reservedSpool() + p.size() > config.spoolQuotaBytes()) {
            events.rejected("spool-full");
            return Future.failedFuture(new HelperException(507, "spool-full", "spool quota exhausted"));
        }
        if (service.reservedSegments() + p.numSegments() > config.maxOpenSegments()) {
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
                    .map(r -> new Stored(r, service.joinedTokens(si))));
        }).compose(stored -> {
                    if (stored.isPresent() && stored.get().resumableBy(token, p, proof)) {
                        return service.activate(stored.get().record().touched(clock.millis()), Outcome.RESUMED);
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
                            return inGrid(si, found, token).map(new OpenResult(Outcome.IN_GRID, null, found));
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
                            Files.deleteIfExists(service.spoolPath(si));
                            Files.deleteIfExists(service.hashScratchPath(si));
                            return null;
                        })).compose(v -> service.activate(fresh, Outcome.CREATED));
                    });
                });
        opening.put(si, f);
        return f.andThen(ar -> opening.remove(si));
    }

    /**
     * Tahoe's {@code upload_chk(si)} for clients that declare their parameters only after this
     * answer (Foolscap's {@code RIHelper}): looks for a running upload, then a stored one, then asks
     * the grid. An in-grid answer is counted and remembered as {@link #open} does; the other cases
     * are counted by the {@link #open} that follows. Never fails for a broken grid (that means
     * "upload").
     */
    Future<Precheck> precheck(TokenPolicy token, byte[] storageIndex) {
        String si = org.lafs.format.Base32.encode(storageIndex);
        Upload u = service.find(si).orElse(null);
        if (u != null) {
            return Future.succeededFuture(new Precheck(Precheck.Kind.ACTIVE, u.tokens(), u, null));
        }
        Future<OpenResult> pending = opening.get(si);
        if (pending != null) {
            return pending.transform(ar -> precheck(token, storageIndex));
        }
        long t0 = System.nanoTime();
        return dbPool.executeBlocking(() -> store.get("u/" + si).map(UploadRecord::decode)).compose(stored -> {
            Upload raced = service.find(si).orElse(null);
            if (raced != null) {
                return Future.succeededFuture(new Precheck(Precheck.Kind.ACTIVE, raced.tokens(), raced, null));
            }
            if (stored.isPresent() && stored.get().state() == UploadState.ACTIVE) {
                String creator = stored.get().token();
                return dbPool.executeBlocking(() -> {
                    java.util.Set<String> owners = new java.util.LinkedHashSet<>();
                    owners.add(creator);
                    owners.addAll(service.joinedTokens(si));
                    return new Precheck(Precheck.Kind.STORED, java.util.Set.copyOf(owners), null, null);
                });
            }
            return grid.probe(storageIndex).compose(found -> {
                long gridNanos = System.nanoTime() - t0;
                events.phaseTime("grid-check", gridNanos);
                Log.info("grid-checked", "si", si, "present", found != null, "ms", gridNanos / 1_000_000);
                if (found == null) {
                    return Future.succeededFuture(new Precheck(Precheck.Kind.ABSENT, java.util.Set.of(), null, null));
                }
                events.uploadRequested();
                return inGrid(si, found, token).map(new Precheck(Precheck.Kind.IN_GRID, java.util.Set.of(), null, found));
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
            String key = UploadService.joinedKey(u.si(), token.name());
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

    private void checkConcurrency(TokenPolicy token, String si) {
        long mine = service.activeUploads().stream().filter(u -> !u.si().equals(si) && u.tokens().contains(token.name())).count();
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

    /** The file is in the grid: counted, logged, and kept as the storage index's result. */
    private Future<Void> inGrid(String si, HelperResult found, TokenPolicy token) {
        events.alreadyPresent();
        Log.info("upload-in-grid", "si", si, "token", token.name());
        return results.keep(si, found);
    }
}
