package org.lafs.helper.foolscap;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.lafs.format.Base32;
import org.lafs.helper.config.TokenPolicy;
import org.lafs.helper.foolscap.banana.Value;
import org.lafs.helper.foolscap.pb.Broker;
import org.lafs.helper.foolscap.pb.CallRefused;
import org.lafs.helper.foolscap.pb.ConnectionLostException;
import org.lafs.helper.foolscap.pb.RemoteRef;
import org.lafs.log.Log;
import org.lafs.helper.upload.HelperException;
import org.lafs.helper.upload.HelperResult;
import org.lafs.helper.upload.Upload;
import org.lafs.helper.upload.UploadParams;
import org.lafs.helper.upload.UploadService;

/**
 * One storage index uploaded by one Foolscap client (TubID), and our {@code RIUploadHelper} for
 * it (remote name {@code RIUploadHelper.tahoe.allmydata.com}; spec 5.2, 5.3, 6.2). Every
 * {@code upload(reader)} call adds a source; the first live source is asked, in order:
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
final class UploadJob implements Broker.Target {
    static final String INTERFACE = "RIUploadHelper.tahoe.allmydata.com";

    private enum State { WAITING, STARTING, FETCHING, FINISHING, ENDED }

    /** One {@code upload(reader)} call: the reader and the answer owed to it. */
    private static final class Source {
        final RemoteRef reader;
        final Promise<Value> answer = Promise.promise();
        final Broker broker;

        Source(RemoteRef reader, Broker broker) {
            this.reader = reader;
            this.broker = broker;
        }
    }

    private final FoolscapUploads owner;
    private final UploadService service;
    private final TokenPolicy policy;
    private final byte[] si;
    private final String siBase32;
    private final int readSize;
    private final Context context;
    private final Promise<Void> ended = Promise.promise();
    private final List<Source> sources = new ArrayList<>();
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
    private Future<Void> spoolWrites = Future.succeededFuture();
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

    private void run(Runnable r) {
        context.runOnContext(v -> r.run());
    }

    @Override
    public String interfaceName() {
        return INTERFACE;
    }

    /** A client on {@code broker} was handed this object by {@code upload_chk}. */
    void heldBy(Broker broker) {
        run(() -> {
            if (holders.put(broker, Boolean.TRUE) == null) {
                broker.onLost(() -> run(() -> holderLost(broker)));
            }
        });
    }

    @Override
    public Future<Value> invoke(Broker caller, String method, Value.Args args) {
        switch (method) {
            case "get_version":
                if (args.size() != 0) {
                    throw CallRefused.violation("get_version takes no arguments");
                }
                return Future.succeededFuture(Versions.of(Versions.CHK_UPLOAD_V1));
            case "upload":
                if (args.size() != 1 || !(args.get(0, "reader") instanceof Value.MyRef ref)) {
                    throw CallRefused.violation("upload takes one argument, reader: an RIEncryptedUploadable");
                }
                Source s = new Source(caller.importRef(ref), caller);
                run(() -> addSource(s));
                return s.answer.future();
            default:
                throw CallRefused.violation("method '" + HelperRemote.printable(method) + "' not defined in " + INTERFACE);
        }
    }

    private void addSource(Source s) {
        if (state == State.ENDED) {
            s.answer.tryFail(new CallRefused(CallRefused.HELPER, "this upload has ended; call upload_chk again"));
            s.reader.release();
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
        Source s = live();
        if (s == null) {
            idle();
            return;
        }
        state = State.STARTING;
        s.reader.call("get_size").compose(sizeValue -> s.reader.call("get_all_encoding_parameters").map(p -> new Value[] {sizeValue, p}))
                .onComplete(ar -> run(() -> {
                    if (state != State.STARTING) {
                        return;
                    }
                    if (ar.failed()) {
                        sourceFailed(s, ar.cause());
                        return;
                    }
                    UploadParams params;
                    try {
                        params = ReaderAnswers.params(si, ar.result()[0], ar.result()[1]);
                    } catch (IllegalArgumentException e) {
                        sourceFailed(s, new CallRefused(CallRefused.VIOLATION, e.getMessage()));
                        return;
                    }
                    open(params);
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
        Source s = live();
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
        s.reader.call("read_encrypted", Value.Int.of(at), Value.Int.of(len)).onComplete(ar -> run(() -> onPiece(s, at, len, ar)));
    }

    private void onPiece(Source s, long at, int len, AsyncResult<Value> ar) {
        reading = false;
        if (state != State.FETCHING) {
            return;
        }
        if (ar.failed()) {
            sourceFailed(s, ar.cause());
            return;
        }
        byte[] data = ReaderAnswers.pieces(ar.result(), len);
        if (data == null) {
            sourceFailed(s, new CallRefused(CallRefused.VIOLATION, "read_encrypted(" + at + ", " + len
                    + ") must answer a list of byte strings holding exactly " + len + " bytes"));
            return;
        }
        if (!service.quota().tryConsume(policy, data.length)) {
            refuseAll("quota-bytes-per-day", "the daily ciphertext quota is used up; try again tomorrow");
            return;
        }
        requested = at + data.length;
        Upload u = upload;
        spoolWrites = spoolWrites.compose(v -> service.spoolPool().<Void>executeBlocking(() -> {
            u.spool().write(at, ByteBuffer.wrap(data));
            return null;
        })).andThen(w -> run(() -> onWritten(at + data.length, w)));
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
        Source s = live();
        if (s != null) {
            // Tahoe's helper closes the reader when it has all ciphertext; the answer does not matter
            s.reader.call("close");
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
        Value answer = null;
        String failure = null;
        if (r.state().equals("done") || r.state().equals("in-grid")) {
            try {
                answer = UploadResultsValue.of(r, si, r.state().equals("done") ? fetchNanos / 1e9 : null);
            } catch (RuntimeException e) {
                Log.warn("foolscap-result-unusable", "si", siBase32, "error", String.valueOf(e.getMessage()));
                failure = "the helper's result for this file is inconsistent";
            }
        } else {
            failure = "upload failed: " + (r.reason() == null ? r.state() : r.reason());
        }
        Log.info("foolscap-upload-answered", "si", siBase32, "client", policy.name(), "state", r.state(), "callers", sources.size());
        for (Source s : sources) {
            if (answer != null) {
                s.answer.tryComplete(answer);
            } else {
                s.answer.tryFail(new CallRefused(CallRefused.HELPER, failure));
            }
            s.reader.release(); // the stock helper drops (decrefs) its readers when done
        }
        end();
    }

    // ---------------------------------------------------------------- failures

    private Source live() {
        for (Source s : sources) {
            if (!s.reader.isLost()) {
                return s;
            }
        }
        return null;
    }

    private void sourceFailed(Source s, Throwable cause) {
        if (!sources.remove(s)) {
            return;
        }
        boolean lost = cause instanceof ConnectionLostException || s.reader.isLost();
        Log.info("foolscap-source-failed", "si", siBase32, "client", policy.name(), "lost", lost, "error",
                String.valueOf(cause.getMessage()));
        if (!lost) {
            s.answer.tryFail(cause instanceof CallRefused r ? r
                    : new CallRefused(CallRefused.HELPER, "reading ciphertext from you failed: " + cause.getMessage()));
            s.reader.release();
        }
        if (state == State.STARTING) {
            start();
        } else if (state == State.FETCHING) {
            // keep every byte that reached the spool: the next source (or a reconnect) continues after it
            spoolWrites.onComplete(v -> run(() -> {
                checkpoint(true);
                pump();
            }));
        }
    }

    private void holderLost(Broker broker) {
        holders.remove(broker);
        for (Source s : new ArrayList<>(sources)) {
            if (s.broker == broker) {
                sourceFailed(s, new ConnectionLostException("connection lost"));
            }
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
            spoolWrites.onComplete(v -> run(() -> checkpoint(true)));
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
        CallRefused refusal = new CallRefused(CallRefused.HELPER, reason + ": " + message);
        for (Source s : sources) {
            s.answer.tryFail(refusal);
            s.reader.release();
        }
        if (upload != null && written > upload.progress().durable() && !upload.closed()) {
            long target = written;
            spoolWrites.onComplete(v -> service.commit(upload, target, policy));
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
