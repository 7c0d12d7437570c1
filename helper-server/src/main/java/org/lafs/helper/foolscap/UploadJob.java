package org.lafs.helper.foolscap;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.IdentityHashMap;
import java.util.Map;
import org.lafs.format.Base32;
import org.lafs.helper.config.TokenPolicy;
import org.lafs.helper.foolscap.ReaderSources.Source;
import org.lafs.helper.foolscap.banana.Value;
import org.lafs.helper.foolscap.pb.Broker;
import org.lafs.helper.foolscap.pb.CallRefused;
import org.lafs.helper.foolscap.pb.ConnectionLostException;
import org.lafs.log.Log;
import org.lafs.helper.upload.HelperException;
import org.lafs.helper.upload.HelperResult;
import org.lafs.helper.upload.Upload;
import org.lafs.helper.upload.UploadParams;
import org.lafs.helper.upload.UploadService;

/**
 * One storage index uploaded by one Foolscap client (TubID), behind our {@code RIUploadHelper}
 * for it ({@link UploadHelperRemote}; spec 5.2, 5.3, 6.2). Every {@code upload(reader)} call
 * adds a source ({@link ReaderSources}); the first live source is asked, in order:
 * {@code get_size}, {@code get_all_encoding_parameters} (so the upload can be opened and encoded
 * while ciphertext arrives, unlike Tahoe's store-and-forward helper), {@code read_encrypted} from
 * the durable offset in pieces of {@code foolscap.read-size}, one call outstanding, and
 * {@code close}. The ciphertext goes through the same spool, durable commits (fsync, then
 * RocksDB) and pipeline as a tus upload; every {@code upload} call is answered with the
 * {@code HelperUploadResults} of the finished upload, or an error.
 *
 * <p>Memory: at most one piece being received and two waiting for (or in) a spool write, so
 * three times {@code foolscap.read-size} whatever the file size.
 *
 * <p>If a source fails or its connection drops, what reached the spool is made durable and the
 * next source continues from there; with no source left the job ends and the upload stays in
 * {@link UploadService}, so a reconnecting client (same TubID) resumes from the durable offset.
 *
 * <p>Threading: all state is confined to the context the job was created on ({@link #run});
 * remote calls complete on their connection's loop and hop back.
 */
final class UploadJob {
    private enum State { WAITING, STARTING, FETCHING, FINISHING, ENDED }

    private final FoolscapUploads owner;
    private final UploadService service;
    private final TokenPolicy policy;
    private final byte[] si;
    private final String siBase32;
    private final int readSize;
    private final Context context;
    private final Promise<Void> ended = Promise.promise();
    private final ReaderSources sources = new ReaderSources();
    private final UploadHelperRemote remote = new UploadHelperRemote(this);
    private final Map<Broker, Boolean> holders = new IdentityHashMap<>();
    private State state = State.WAITING;
    private Upload upload;
    private long size;
    /** End of the ciphertext asked for and received (pieces queued for the spool included). */
    private long requested;
    /** End of the ciphertext written to the spool (not necessarily durable yet). */
    private long written;
    private boolean reading;
    private boolean committing;
    private final SpoolWriteQueue spoolWrites;
    private long fetchStartNanos;
    private long fetchNanos;

    UploadJob(FoolscapUploads owner, UploadService service, TokenPolicy policy, byte[] si, int readSize, Context context) {
        this.owner = owner;
        this.service = service;
        this.policy = policy;
        this.si = si.clone();
        this.siBase32 = Base32.encode(si);
        this.readSize = readSize;
        this.context = context;
        this.spoolWrites = new SpoolWriteQueue(service.spoolPool());
    }

    String si() {
        return siBase32;
    }

    String ownerName() {
        return policy.name();
    }

    /** Completes when the job is over (finished, failed, or left without a source). */
    Future<Void> ended() {
        return ended.future();
    }

    /** The remote object clients of this job are handed ({@link UploadHelperRemote}). */
    Broker.Target remote() {
        return remote;
    }

    private void run(Runnable r) {
        context.runOnContext(v -> r.run());
    }

    /** A client on {@code broker} was handed this object by {@code upload_chk}. */
    void heldBy(Broker broker) {
        run(() -> {
            if (holders.put(broker, Boolean.TRUE) == null) {
                broker.onLost(() -> run(() -> holderLost(broker)));
            }
        });
    }

    /** An {@code upload(reader)} call (any thread): answered when the upload ends. */
    Future<Value> upload(Source s) {
        run(() -> addSource(s));
        return s.answer();
    }

    private void addSource(Source s) {
        if (state == State.ENDED) {
            s.fail(new CallRefused(CallRefused.HELPER, "this upload has ended; call upload_chk again"));
            return;
        }
        sources.add(s);
        if (state == State.WAITING) {
            start();
        } else if (state == State.FETCHING) {
            pump();
        }
    }

    // ---------------------------------------------------------------- start: size, parameters, open

    private void start() {
        Source s = sources.live();
        if (s == null) {
            idle();
            return;
        }
        state = State.STARTING;
        s.declaredParams(si).onComplete(ar -> run(() -> {
            if (state != State.STARTING) {
                return;
            }
            if (ar.failed()) {
                sourceFailed(s, ar.cause());
                return;
            }
            open(ar.result());
        }));
    }

    private void open(UploadParams params) {
        String refusal = owner.admitSpool(siBase32, params.size());
        if (refusal != null) {
            refuseAll(refusal, "the helper's Foolscap uploads hold all the spool space they may; try again later");
            return;
        }
        size = params.size();
        service.open(policy, params).onComplete(ar -> run(() -> {
            if (state != State.STARTING) {
                return;
            }
            if (ar.failed()) {
                Throwable t = ar.cause();
                if (t instanceof HelperException he) {
                    refuseAll(he.reason(), he.getMessage());
                } else {
                    refuseAll("open-failed", "the helper could not open the upload");
                }
                return;
            }
            org.lafs.helper.upload.OpenResult r = ar.result();
            if (r.inGrid() != null) {
                deliver(r.inGrid());
                return;
            }
            upload = r.upload();
            written = upload.progress().durable();
            requested = written;
            Log.info("foolscap-upload-started", "si", siBase32, "client", policy.name(), "outcome", r.outcome(), "size", size,
                    "offset", written);
            state = State.FETCHING;
            fetchStartNanos = System.nanoTime();
            if (written >= size) {
                finishing();
            } else {
                pump();
            }
        }));
    }

    // ---------------------------------------------------------------- fetch loop

    /** Asks for the next piece when none is outstanding and at most one piece waits for the spool. */
    private void pump() {
        if (state != State.FETCHING || reading || requested >= size) {
            return;
        }
        if (upload.closed()) {
            awaitResult();
            return;
        }
        if (requested - written > readSize) {
            return; // one piece is being written; the next read waits for it (bounded memory)
        }
        Source s = sources.live();
        if (s == null) {
            idle();
            return;
        }
        int len = (int) Math.min(readSize, size - requested);
        String quota = owner.quotaRefusal(policy, len);
        if (quota != null) {
            refuseAll(quota, "the daily ciphertext quota is used up; try again tomorrow");
            return;
        }
        long at = requested;
        reading = true;
        s.readEncrypted(at, len).onComplete(ar -> run(() -> onPiece(s, at, ar)));
    }

    private void onPiece(Source s, long at, AsyncResult<byte[]> ar) {
        reading = false;
        if (state != State.FETCHING) {
            return;
        }
        if (ar.failed()) {
            sourceFailed(s, ar.cause());
            return;
        }
        byte[] data = ar.result();
        if (!service.quota().tryConsume(policy, data.length)) {
            refuseAll("quota-bytes-per-day", "the daily ciphertext quota is used up; try again tomorrow");
            return;
        }
        requested = at + data.length;
        spoolWrites.write(upload, at, data, w -> run(() -> onWritten(at + data.length, w)));
        pump();
    }

    private void onWritten(long end, AsyncResult<Void> w) {
        if (state != State.FETCHING) {
            return;
        }
        if (w.failed()) {
            Log.warn("foolscap-spool-write-failed", "si", siBase32, "error", String.valueOf(w.cause().getMessage()));
            refuseAll("spool-write-failed", "the helper could not write the ciphertext to its disk");
            return;
        }
        written = Math.max(written, end);
        checkpoint(false);
        pump();
    }

    /** Makes the written prefix durable when a checkpoint is due (or {@code force}), one at a time. */
    private void checkpoint(boolean force) {
        if (committing || upload == null) {
            return;
        }
        long durable = upload.progress().durable();
        if (written <= durable || (!force && written < size && written - durable < service.config().checkpointBytes())) {
            return;
        }
        committing = true;
        long target = written;
        service.commit(upload, target, policy).onComplete(ar -> run(() -> {
            committing = false;
            if (ar.failed()) {
                if (upload.closed()) {
                    awaitResult(); // the pipeline ended (failed or was stopped); report its outcome
                } else {
                    Log.warn("foolscap-commit-failed", "si", siBase32, "error", String.valueOf(ar.cause().getMessage()));
                    refuseAll("spool-write-failed", "the helper could not make the ciphertext durable");
                }
                return;
            }
            owner.fetched(target - durable);
            if (state == State.FETCHING && upload.progress().durable() >= size) {
                finishing();
                return;
            }
            checkpoint(false);
            pump();
        }));
    }

    // ---------------------------------------------------------------- end of fetch, result

    private void finishing() {
        state = State.FINISHING;
        fetchNanos = System.nanoTime() - fetchStartNanos;
        Source s = sources.live();
        if (s != null) {
            s.close();
        }
        awaitResult();
    }

    private void awaitResult() {
        if (state == State.ENDED) {
            return;
        }
        if (state == State.FETCHING) {
            state = State.FINISHING;
        }
        HelperResult r = upload.result();
        if (r != null) {
            deliver(r);
            return;
        }
        upload.nextChange().onComplete(ar -> run(this::awaitResult));
    }

    private void deliver(HelperResult r) {
        if (state == State.ENDED) {
            return;
        }
        Future<Value> answer = ReaderSources.answerFor(r, si, fetchNanos / 1e9);
        Log.info("foolscap-upload-answered", "si", siBase32, "client", policy.name(), "state", r.state(), "callers", sources.size());
        sources.answerAll(answer);
        end();
    }

    // ---------------------------------------------------------------- failures

    private void sourceFailed(Source s, Throwable cause) {
        if (!sources.remove(s)) {
            return;
        }
        boolean lost = cause instanceof ConnectionLostException || s.reader.isLost();
        Log.info("foolscap-source-failed", "si", siBase32, "client", policy.name(), "lost", lost, "error",
                String.valueOf(cause.getMessage()));
        if (!lost) {
            s.fail(cause instanceof CallRefused r ? r
                    : new CallRefused(CallRefused.HELPER, "reading ciphertext from you failed: " + cause.getMessage()));
        }
        if (state == State.STARTING) {
            start();
        } else if (state == State.FETCHING) {
            // keep every byte that reached the spool: the next source (or a reconnect) continues after it
            spoolWrites.drained().onComplete(v -> run(() -> {
                checkpoint(true);
                pump();
            }));
        }
    }

    private void holderLost(Broker broker) {
        holders.remove(broker);
        for (Source s : sources.on(broker)) {
            sourceFailed(s, new ConnectionLostException("connection lost"));
        }
        if (holders.isEmpty() && sources.isEmpty() && state == State.WAITING) {
            end();
        }
    }

    /** No source is left: leave the upload (and its durable spool) to a reconnecting client. */
    private void idle() {
        if (state == State.ENDED || committing || reading) {
            return;
        }
        if (upload != null && written > upload.progress().durable()) {
            spoolWrites.drained().onComplete(v -> run(() -> checkpoint(true)));
            return; // the commit's completion calls pump(), which comes back here
        }
        Log.info("foolscap-upload-idle", "si", siBase32, "client", policy.name(), "offset",
                upload == null ? 0 : upload.progress().durable());
        end();
    }

    private void refuseAll(String reason, String message) {
        if (state == State.ENDED) {
            return;
        }
        Log.info("foolscap-upload-refused", "si", siBase32, "client", policy.name(), "reason", reason);
        sources.answerAll(Future.failedFuture(new CallRefused(CallRefused.HELPER, reason + ": " + message)));
        if (upload != null && written > upload.progress().durable() && !upload.closed()) {
            long target = written;
            spoolWrites.drained().onComplete(v -> service.commit(upload, target, policy));
        }
        end();
    }

    private void end() {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        sources.clear();
        owner.jobEnded(this);
        ended.tryComplete();
    }
}
