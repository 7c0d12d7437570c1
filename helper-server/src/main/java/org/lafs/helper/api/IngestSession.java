package org.lafs.helper.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import org.lafs.format.TaggedHash;
import org.lafs.helper.auth.TokenRegistry;
import org.lafs.helper.config.TokenPolicy;
import org.lafs.log.Log;
import org.lafs.helper.upload.HelperException;
import org.lafs.helper.upload.Upload;
import org.lafs.helper.upload.UploadService;

/**
 * One tus PATCH: streams the request body into the upload's spool with back-pressure and makes
 * it durable in checkpoints, so the encoder can take whole segments while the body still
 * arrives.
 *
 * <p>Flow: the request is paused before any check; all checks are in memory (token, upload,
 * offset, length, quota), then the single-writer lock is taken and the body resumed. Buffers
 * queue in memory up to {@link #HIGH_WATER} bytes (then the request is paused until the queue is
 * below {@link #LOW_WATER}); one blocking write at a time moves up to {@link #BATCH} bytes of the
 * queue into the spool on the {@code helper-spool} pool. Every
 * {@code ingest.checkpoint-bytes} (and at the end, and when the client disconnects) the written
 * prefix is committed: fsync, then RocksDB, then the offset is acknowledged. With
 * {@code Upload-Checksum} nothing is committed until the whole body matched; a mismatch cuts the
 * spool back and answers 460.
 *
 * <p>Threading: every callback runs on the request's event loop; blocking work is in
 * {@link UploadService} futures.
 */
final class IngestSession {
    /**
     * Bytes queued before the request is paused: what arrives while one spool write runs (a
     * {@link #BATCH} pwrite into the page cache plus a worker hop, well under a millisecond; at
     * 100 MB/s about 100 KB arrive meanwhile), with room to spare. Bounded per PATCH.
     */
    static final int HIGH_WATER = 512 << 10;
    /** Queued bytes below which a paused request is resumed. */
    static final int LOW_WATER = 256 << 10;
    /**
     * Largest spool write: the session copies queued buffers into one reused array of this size
     * and writes it, so a PATCH allocates it once instead of a new batch (and a copy per buffer)
     * for every write. Per-PATCH ingest memory is therefore at most HIGH_WATER + one body chunk +
     * BATCH, about 0.8 MiB (docs/helper-design.md, "Memory per upload").
     */
    static final int BATCH = 256 << 10;

    private final UploadService service;
    private final Upload upload;
    private final TokenPolicy token;
    private final HttpServerRequest req;
    private final long start;
    private final MessageDigest digest;
    private final byte[] expectedDigest;
    private final IngestQueue queue = new IngestQueue(BATCH);
    /** End offset of every byte taken from the body so far (queued, being written, or written). */
    private long accepted;
    private long written;
    private boolean writing;
    private boolean paused;
    /** The checkpoint in progress (fsync + RocksDB), or null: at most one per session. */
    private Future<Long> committing;
    private boolean ended;
    private boolean disconnected;
    private boolean finished;
    private HelperException error;

    private IngestSession(UploadService service, Upload upload, TokenPolicy token, HttpServerRequest req, MessageDigest digest,
            byte[] expectedDigest) {
        this.service = service;
        this.upload = upload;
        this.token = token;
        this.req = req;
        this.start = upload.progress().durable();
        this.written = start;
        this.accepted = start;
        this.digest = digest;
        this.expectedDigest = expectedDigest;
    }

    /** The PATCH route handler. */
    static void handle(RoutingContext ctx, UploadService service, TokenRegistry tokens) {
        HttpServerRequest req = ctx.request();
        req.pause();
        var events = service.events();
        Optional<TokenPolicy> token = Http.admit(req, tokens, events);
        if (token.isEmpty()) {
            return;
        }
        String ct = req.getHeader("Content-Type");
        if (ct == null || !ct.trim().equalsIgnoreCase(Tus.OFFSET_CONTENT_TYPE)) {
            Http.error(req, events, 415, "bad-content-type", "Content-Type must be " + Tus.OFFSET_CONTENT_TYPE);
            return;
        }
        // only a token that created or joined the upload may add bytes to it (docs/security.md)
        Optional<Upload> found = service.findFor(ctx.pathParam("id"), token.get());
        if (found.isEmpty()) {
            patchEndedUpload(req, service, ctx.pathParam("id"));
            return;
        }
        Upload u = found.get();
        long offset;
        long contentLength = -1;
        MessageDigest digest = null;
        byte[] expected = null;
        try {
            offset = Tus.parseNonNegative(req.getHeader("Upload-Offset"), "Upload-Offset", "bad-upload-offset");
            String cl = req.getHeader("Content-Length");
            if (cl != null) {
                contentLength = Tus.parseNonNegative(cl, "Content-Length", "bad-content-length");
            }
            String cs = req.getHeader("Upload-Checksum");
            if (cs != null) {
                String[] parts = cs.trim().split(" ", 2);
                if (!parts[0].equals("sha256")) {
                    throw new HelperException(400, "unsupported-checksum-algorithm", "only sha256 is supported");
                }
                try {
                    expected = Base64.getDecoder().decode(parts.length > 1 ? parts[1].trim() : "");
                } catch (IllegalArgumentException e) {
                    throw new HelperException(400, "bad-checksum", "Upload-Checksum value is not base64");
                }
                if (expected.length != 32) {
                    throw new HelperException(400, "bad-checksum", "a sha256 checksum is 32 bytes");
                }
                digest = TaggedHash.sha256();
            }
        } catch (HelperException e) {
            Http.error(req, events, e);
            return;
        }
        long durable = u.progress().durable();
        if (offset < durable) {
            // The helper already holds [offset, durable): skip them (see Http.heldOffset).
            Http.heldOffset(req, events, durable, u.params().size());
            return;
        }
        if (offset != durable) {
            req.response().putHeader("Upload-Offset", Long.toString(durable));
            Http.error(req, events, 409, "offset-mismatch", "Upload-Offset must equal the current offset " + durable);
            return;
        }
        long size = u.params().size();
        if (contentLength >= 0 && offset + contentLength > size) {
            Http.error(req, events, 413, "body-exceeds-upload-length", "offset + Content-Length exceeds Upload-Length");
            return;
        }
        long remaining = service.quota().remainingToday(token.get());
        if ((remaining == 0 && offset < size) || contentLength > remaining) {
            Http.error(req, events, 403, "quota-bytes-per-day", "this token's daily byte quota is used up");
            return;
        }
        Optional<HelperException> refused = u.lockWriter("another PATCH to this upload is in progress");
        if (refused.isPresent()) {
            Http.error(req, events, refused.get());
            return;
        }
        new IngestSession(service, u, token.get(), req, digest, expected).run();
    }

    /**
     * PATCH of a storage index with no open upload: when its file is in the grid (or was
     * uploaded here) the whole length is held, so any PATCH gets 204 with that length, the
     * answer HEAD gives too. Otherwise 404 as before.
     */
    private static void patchEndedUpload(HttpServerRequest req, UploadService service, String si) {
        var events = service.events();
        long offset;
        try {
            offset = Tus.parseNonNegative(req.getHeader("Upload-Offset"), "Upload-Offset", "bad-upload-offset");
        } catch (HelperException e) {
            Http.error(req, events, e);
            return;
        }
        service.storedResult(si).onComplete(ar -> {
            Optional<org.lafs.helper.upload.HelperResult> r = ar.succeeded() ? ar.result() : Optional.empty();
            long held = r.map(TusHandlers::heldLength).orElse(-1L);
            if (held >= 0 && offset <= held) {
                Http.heldOffset(req, events, held, held);
            } else {
                Http.error(req, events, 404, "no-such-upload", "no open upload with this id; create it with POST");
            }
        });
    }

    private void run() {
        req.handler(this::onData);
        req.endHandler(v -> {
            ended = true;
            pump();
        });
        req.exceptionHandler(t -> {
            disconnected = true;
            pump();
        });
        req.connection().closeHandler(v -> {
            if (!ended) {
                disconnected = true;
                pump();
            }
        });
        if ("100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
            req.response().writeContinue();
        }
        req.resume();
    }

    private void onData(Buffer buf) {
        if (error != null || finished) {
            return;
        }
        int n = buf.length();
        if (accepted + n > upload.params().size()) {
            fail(new HelperException(413, "body-exceeds-upload-length", "the body runs past Upload-Length"));
            return;
        }
        if (!service.quota().tryConsume(token, n)) {
            fail(new HelperException(403, "quota-bytes-per-day", "this token's daily byte quota is used up"));
            return;
        }
        if (digest != null) {
            digest.update(buf.getBytes());
        }
        queue.add(buf);
        accepted += n;
        if (queue.queued() >= HIGH_WATER && !paused) {
            paused = true;
            req.pause();
        }
        pump();
    }

    private void fail(HelperException e) {
        error = e;
        req.pause();
        paused = true;
        pump();
    }

    /** Drives the write loop: one blocking write at a time, then checkpoint or finish. */
    private void pump() {
        if (writing || finished) {
            return;
        }
        if (!queue.isEmpty() && !disconnectedWithChecksum()) {
            writing = true;
            ByteBuffer data = queue.drain();
            int n = data.remaining();
            long at = written;
            if (paused && error == null && queue.queued() < LOW_WATER) {
                paused = false;
                req.resume();
            }
            service.spoolPool().executeBlocking(() -> {
                upload.spool().write(at, data);
                return null;
            }).onComplete(ar -> {
                writing = false;
                if (ar.succeeded()) {
                    written = at + n;
                    checkpointIfDue();
                }
                if (ar.failed() && error == null) {
                    error = writeFailed("spool-write-failed", "the helper could not store the bytes", ar.cause());
                }
                pump();
            });
            return;
        }
        if (ended || error != null || disconnected) {
            finish();
        }
    }

    /**
     * Starts a checkpoint (fsync, then RocksDB) of everything written so far when one is due and
     * none is running. It runs beside the write loop rather than in it: on this machine's disk an
     * fsync takes ~50 ms and the RocksDB sync write ~30 ms, and waiting for them between writes
     * held ingest to about 1 MiB per 80 ms. The next checkpoint, started when this one ends,
     * covers whatever arrived meanwhile.
     */
    private void checkpointIfDue() {
        // after an error no checkpoint starts: finish() makes the written prefix durable once
        if (committing != null || digest != null || finished || error != null) {
            return;
        }
        if (written - upload.progress().durable() < service.config().checkpointBytes()) {
            return;
        }
        Future<Long> c = service.commit(upload, written, token);
        committing = c;
        c.onComplete(ar -> {
            committing = null;
            if (ar.failed() && error == null) {
                error = writeFailed("checkpoint-failed", "the helper could not make the bytes durable", ar.cause());
            }
            checkpointIfDue();
            pump();
        });
    }

    /**
     * The answer when a spool write or checkpoint failed: when the upload ended meanwhile (its
     * pipeline failed, it expired, the helper is stopping) why it ended, which is what the
     * client needs; otherwise 507 (RFC 4918), usually a full disk, after which the client may
     * continue from the durable offset later.
     */
    private HelperException writeFailed(String event, String what, Throwable cause) {
        if (upload.closed()) {
            return upload.endedError();
        }
        if (cause instanceof HelperException he) {
            return he;
        }
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        Log.warn(event, "si", upload.si(), "error", why);
        return new HelperException(507, "spool-write-failed", what + ": " + why);
    }

    /** The running checkpoint, if any, as a future that never fails (its failure is in {@link #error}). */
    private Future<Void> checkpointDone() {
        Future<Long> c = committing;
        return c == null ? Future.succeededFuture() : c.<Void>mapEmpty().recover(t -> Future.succeededFuture());
    }

    private boolean disconnectedWithChecksum() {
        return disconnected && digest != null;
    }

    private void finish() {
        finished = true;
        queue.clear();
        checkpointDone().onComplete(ignored -> finishAfterCheckpoint());
    }

    private void finishAfterCheckpoint() {
        Future<?> done;
        HelperException outcome = error;
        if (digest != null) {
            boolean ok = error == null && !disconnected && MessageDigest.isEqual(digest.digest(), expectedDigest);
            if (ok) {
                done = service.commit(upload, written, token);
            } else {
                if (outcome == null && !disconnected) {
                    outcome = new HelperException(Tus.CHECKSUM_MISMATCH, "checksum-mismatch", "the body does not match Upload-Checksum");
                }
                done = service.spoolPool().executeBlocking(() -> {
                    upload.spool().truncate(start);
                    return null;
                });
            }
        } else {
            // Keep every byte that reached the spool: a resumed client continues after it.
            done = service.commit(upload, written, token);
        }
        HelperException fin = outcome;
        done.onComplete(ar -> {
            upload.unlockWriter();
            if (disconnected) {
                Log.info("ingest-disconnected", "si", upload.si(), "offset", upload.progress().durable());
                return;
            }
            HttpServerResponse resp = req.response();
            resp.putHeader("Upload-Offset", Long.toString(upload.progress().durable()));
            resp.putHeader("Upload-Expires", Tus.httpDate(upload.record().lastActivityMillis() + service.config().expiry().toMillis()));
            if ((ar.failed() || fin != null) && upload.closed()) {
                Http.error(req, service.events(), upload.endedError()); // why it ended, not what that broke here
            } else if (ar.failed()) {
                Http.error(req, service.events(), ar.cause());
            } else if (fin != null) {
                Http.error(req, service.events(), fin);
            } else {
                Http.tusHeaders(resp);
                resp.setStatusCode(204).end();
            }
        });
    }
}
