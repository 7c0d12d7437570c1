package org.lafs.helper.upload;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.lafs.helper.spool.DurableProgress;
import org.lafs.helper.spool.SpoolFile;

/**
 * The live state of one upload (one storage index): its durable record, its spool file, the
 * durable-offset waiters the encoder blocks on, the single-writer ingest lock, and the
 * pipeline's progress for status pages and long-polls. At most one exists per storage index
 * ({@link UploadService} guarantees it), so clients uploading the same file share it.
 *
 * <p>Threading: thread-safe; short critical sections, no I/O under the lock.
 */
public final class Upload {
    private final UploadParams params;
    private final SpoolFile spool;
    private final DurableProgress progress;
    private final Set<String> tokens = new LinkedHashSet<>();
    private final List<Promise<Void>> changeWaiters = new ArrayList<>();
    private final AtomicLong receivedThisSession = new AtomicLong();
    private final AtomicLong segmentsDone = new AtomicLong();
    private final AtomicLong bytesPushed = new AtomicLong();
    private final long startedNanos = System.nanoTime();
    /** Wall-clock ms of the last progress (ingest checkpoint or pushed segment); drives expiry. */
    private final AtomicLong lastProgressMillis = new AtomicLong();
    private UploadRecord record;
    private boolean writerBusy;
    private String phase = "receiving";
    private HelperResult result;
    private boolean closed;

    Upload(UploadRecord record, SpoolFile spool) {
        this.params = record.params();
        this.record = record;
        this.spool = spool;
        this.progress = new DurableProgress(record.durableOffset());
        this.tokens.add(record.token());
    }

    public UploadParams params() {
        return params;
    }

    public String si() {
        return params.siBase32();
    }

    public SpoolFile spool() {
        return spool;
    }

    public DurableProgress progress() {
        return progress;
    }

    public synchronized UploadRecord record() {
        return record;
    }

    synchronized void setRecord(UploadRecord r) {
        record = r;
        lastProgressMillis.accumulateAndGet(r.lastActivityMillis(), Math::max);
    }

    /** The later of the recorded activity and the pipeline's last acknowledged segment. */
    public long lastActivityMillis() {
        return Math.max(record().lastActivityMillis(), lastProgressMillis.get());
    }

    /** Creator token first, then every token that joined the same storage index. */
    public synchronized Set<String> tokens() {
        return Set.copyOf(tokens);
    }

    public synchronized String creator() {
        return record.token();
    }

    synchronized boolean addToken(String token) {
        return tokens.add(token);
    }

    /**
     * Takes the single-writer ingest lock. Empty when taken; otherwise why not: why the upload
     * ended ({@link #endedError}), or 423 {@code upload-locked} with {@code busy} while another
     * writer holds the lock.
     */
    public synchronized Optional<HelperException> lockWriter(String busy) {
        if (closed) {
            return Optional.of(endedError());
        }
        if (writerBusy) {
            return Optional.of(new HelperException(423, "upload-locked", busy));
        }
        writerBusy = true;
        return Optional.empty();
    }

    public synchronized void unlockWriter() {
        writerBusy = false;
    }

    public synchronized boolean closed() {
        return closed;
    }

    synchronized void markClosed() {
        closed = true;
    }

    /**
     * What a request for this closed upload is told: why it ended (the pipeline's failure,
     * expiry, termination, shutdown) when that is known, else a plain 410.
     */
    public HelperException endedError() {
        return progress.failure().filter(HelperException.class::isInstance).map(HelperException.class::cast)
                .orElseGet(() -> new HelperException(410, "upload-closed", "the upload has ended"));
    }

    public synchronized String phase() {
        return phase;
    }

    /** Sets the live phase (receiving, placing, pushing, finishing, done, failed) and wakes long-polls. */
    public void setPhase(String p) {
        synchronized (this) {
            phase = p;
        }
        notifyChange();
    }

    public synchronized HelperResult result() {
        return result;
    }

    void setResult(HelperResult r) {
        synchronized (this) {
            result = r;
            phase = r.state();
        }
        notifyChange();
    }

    public long receivedThisSession() {
        return receivedThisSession.get();
    }

    public void addReceived(long n) {
        receivedThisSession.addAndGet(n);
    }

    public long segmentsDone() {
        return segmentsDone.get();
    }

    public void segmentDone() {
        segmentsDone.incrementAndGet();
        lastProgressMillis.accumulateAndGet(System.currentTimeMillis(), Math::max);
        notifyChange();
    }

    public long bytesPushed() {
        return bytesPushed.get();
    }

    public void addPushed(long n) {
        bytesPushed.addAndGet(n);
    }

    public long ageNanos() {
        return System.nanoTime() - startedNanos;
    }

    /** Completes at the next progress or phase change (for long-polls); at once when the upload has ended. */
    public Future<Void> nextChange() {
        Promise<Void> p = Promise.promise();
        synchronized (this) {
            if (result != null) {
                return Future.succeededFuture();
            }
            changeWaiters.add(p);
        }
        return p.future();
    }

    public void notifyChange() {
        List<Promise<Void>> ws;
        synchronized (this) {
            ws = new ArrayList<>(changeWaiters);
            changeWaiters.clear();
        }
        ws.forEach(Promise::tryComplete);
    }
}
