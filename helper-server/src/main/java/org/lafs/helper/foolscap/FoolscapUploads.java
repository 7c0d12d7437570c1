package org.lafs.helper.foolscap;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lafs.format.Base32;
import org.lafs.helper.config.FoolscapConfig;
import org.lafs.helper.config.TokenPolicy;
import org.lafs.helper.foolscap.banana.Value;
import org.lafs.helper.foolscap.pb.Broker;
import org.lafs.helper.foolscap.pb.CallRefused;
import org.lafs.log.Log;
import org.lafs.helper.metrics.HelperEvents;
import org.lafs.helper.upload.Upload;
import org.lafs.helper.upload.UploadService;

/**
 * The Foolscap side of the upload life cycle: answers {@code upload_chk(si)} (spec 5.1, 6.3)
 * and keeps one {@link UploadJob} per storage index, on top of the same {@link UploadService}
 * the tus API uses.
 *
 * <p><b>Identity.</b> A FURL is a capability, as in Tahoe, so holding it is the credential; each
 * client is its own identity, the token policy {@code foolscap:<TubID>} (the hash of its TLS
 * certificate, proven in negotiation) with the operator's {@code foolscap.client.*} limits. A
 * running or stored upload of a storage index is continued only by the identity that owns it
 * (one client can never change the bytes another relies on). Another client asking for that
 * storage index waits, up to {@code foolscap.conflict-wait}, for the upload to end and is then
 * answered from the grid (the file dedups); if it does not end in time, or it is a stored upload
 * nobody is sending, the call fails with {@code upload-in-progress}, which a stock Tahoe client
 * reports as the failure of that one upload.
 *
 * <p><b>Global bounds.</b> Minting TubIDs is free, so besides each client's limits, all Foolscap
 * uploads together are bounded: {@code foolscap.limits.uploads} open at once,
 * {@code foolscap.limits.spool} declared bytes, {@code foolscap.limits.bytes-per-day}. An upload
 * whose client went away is removed after {@code foolscap.abandoned-expiry} without progress.
 *
 * <p>Threading: thread-safe; each job keeps its own state on one context.
 */
public final class FoolscapUploads {
    private final Vertx vertx;
    private final UploadService service;
    private final FoolscapConfig config;
    private final HelperEvents events;
    private final Map<String, UploadJob> jobs = new ConcurrentHashMap<>();
    private long sweepTimer = -1;

    public FoolscapUploads(Vertx vertx, UploadService service, FoolscapConfig config, HelperEvents events) {
        this.vertx = vertx;
        this.service = service;
        this.config = config;
        this.events = events;
    }

    /** Starts the abandoned-upload sweep. */
    public void start() {
        long every = Math.max(1000, Math.min(config.abandonedExpiry().toMillis() / 2, 600_000));
        sweepTimer = vertx.setPeriodic(every, id -> sweepAbandoned());
    }

    public void stop() {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
    }

    /** Jobs running now (for tests and the status page). */
    public int jobCount() {
        return jobs.size();
    }

    /** {@code RIHelper.upload_chk(si)} from the client {@code tubId} on {@code broker}. */
    Future<Value> uploadChk(String tubId, byte[] si, Broker broker) {
        // the caller's event loop: a job created for this call keeps its state there
        return uploadChk(config.policyFor(tubId), si, broker, true, vertx.getOrCreateContext());
    }

    private Future<Value> uploadChk(TokenPolicy policy, byte[] si, Broker broker, boolean mayWait, Context context) {
        String key = Base32.encode(si);
        UploadJob job = jobs.get(key);
        if (job != null) {
            if (job.ownerName().equals(policy.name())) {
                return offer(job, broker);
            }
            return conflict(policy, si, broker, mayWait, context);
        }
        return service.precheck(policy, si).compose(p -> {
            switch (p.kind()) {
                case IN_GRID: {
                    events.foolscapUploadChk("in-grid");
                    Value hur;
                    try {
                        hur = UploadResultsValue.of(p.inGrid(), si, null);
                    } catch (RuntimeException e) {
                        // a UEB we cannot rebuild: do not hand the client a hash we cannot vouch for
                        Log.warn("foolscap-in-grid-unusable", "si", key, "error", String.valueOf(e.getMessage()));
                        return admit(policy, si, broker, context);
                    }
                    return Future.succeededFuture(Value.Seq.tuple(hur, Value.None.INSTANCE));
                }
                case ACTIVE:
                    if (p.owners().contains(policy.name())) {
                        return admit(policy, si, broker, context);
                    }
                    return conflict(policy, si, broker, mayWait, context);
                case STORED:
                    // this client's stopped upload is resumed; another client's is not running
                    // and is replaced by a fresh upload for this one (UploadService.open)
                    return admit(policy, si, broker, context);
                default:
                    return admit(policy, si, broker, context);
            }
        });
    }

    /** A new job for {@code si} (or the one another call of the same client just made). */
    private Future<Value> admit(TokenPolicy policy, byte[] si, Broker broker, Context context) {
        String key = Base32.encode(si);
        boolean[] created = {false};
        String[] refusal = {null};
        boolean mineFull = !jobs.containsKey(key) && uploadsOf(policy.name(), key) >= policy.concurrentUploads();
        UploadJob job = jobs.compute(key, (k, existing) -> {
            if (existing != null) {
                return existing;
            }
            if (mineFull) {
                refusal[0] = "quota-concurrent-uploads";
                return null;
            }
            if (openUploads(key) >= config.maxUploads()) {
                refusal[0] = "helper-busy";
                return null;
            }
            created[0] = true;
            return new UploadJob(this, service, policy, si, config.readSize(), context);
        });
        if (job == null) {
            return refuse(refusal[0], refusal[0].equals("helper-busy")
                    ? "the helper has as many Foolscap uploads open as it allows; try again later"
                    : "this client has as many uploads open as it may; finish one first");
        }
        if (!job.ownerName().equals(policy.name())) {
            return conflict(policy, si, broker, true, context);
        }
        if (created[0]) {
            Log.info("foolscap-upload-chk", "si", key, "client", policy.name(), "answer", "upload");
        }
        return offer(job, broker);
    }

    private Future<Value> offer(UploadJob job, Broker broker) {
        events.foolscapUploadChk("upload");
        job.heldBy(broker);
        return Future.succeededFuture(Value.Seq.tuple(Value.None.INSTANCE, broker.export(job.remote())));
    }

    /**
     * Another client owns the storage index: wait (once, bounded) for its upload to end, then
     * answer again (normally from the grid); otherwise refuse.
     */
    private Future<Value> conflict(TokenPolicy policy, byte[] si, Broker broker, boolean mayWait, Context context) {
        if (!mayWait) {
            return refuse("upload-in-progress", "another client is uploading this file; try again later");
        }
        Log.info("foolscap-upload-conflict", "si", Base32.encode(si), "client", policy.name(), "wait-s", config.conflictWait().toSeconds());
        events.foolscapUploadChk("wait");
        Promise<Void> waited = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, config.conflictWait().toMillis()), id -> waited.tryFail("timeout"));
        othersDone(Base32.encode(si), policy).onComplete(ar -> {
            vertx.cancelTimer(timer);
            waited.tryComplete();
        });
        return waited.future().transform(ar -> {
            if (ar.failed() || broker.isLost()) {
                return refuse("upload-in-progress", "another client is uploading this file; try again later");
            }
            return uploadChk(policy, si, broker, false, context);
        });
    }

    /**
     * Completes when no other client's job or running upload holds {@code si} any more (a job
     * outlives its upload's result by a moment: it still delivers it).
     */
    private Future<Void> othersDone(String si, TokenPolicy policy) {
        UploadJob j = jobs.get(si);
        if (j != null && !j.ownerName().equals(policy.name())) {
            return j.ended().compose(v -> othersDone(si, policy));
        }
        Upload u = service.find(si).orElse(null);
        if (u != null && !u.tokens().contains(policy.name()) && u.result() == null) {
            return ended(u).compose(v -> othersDone(si, policy));
        }
        return Future.succeededFuture();
    }

    /** Completes when the running upload ends (it has a result). */
    private static Future<Void> ended(Upload u) {
        if (u.result() != null) {
            return Future.succeededFuture();
        }
        return u.nextChange().compose(v -> ended(u));
    }

    private Future<Value> refuse(String reason, String message) {
        events.foolscapUploadChk("refused-" + reason);
        return Future.failedFuture(new CallRefused(CallRefused.HELPER, reason + ": " + message));
    }

    /** Foolscap uploads open: jobs, plus running uploads of Foolscap clients without a job. */
    private int openUploads(String except) {
        Set<String> sis = new HashSet<>(jobs.keySet());
        for (Upload u : service.activeUploads()) {
            if (u.creator().startsWith(FoolscapConfig.IDENTITY_PREFIX)) {
                sis.add(u.si());
            }
        }
        sis.remove(except);
        return sis.size();
    }

    /** Uploads (jobs, and running uploads without a job) of the client {@code identity}, other than {@code except}. */
    private int uploadsOf(String identity, String except) {
        Set<String> sis = new HashSet<>();
        jobs.forEach((si, j) -> {
            if (j.ownerName().equals(identity)) {
                sis.add(si);
            }
        });
        for (Upload u : service.activeUploads()) {
            if (u.creator().equals(identity)) {
                sis.add(u.si());
            }
        }
        sis.remove(except);
        return sis.size();
    }

    /** Null when an upload of {@code size} bytes fits {@code foolscap.limits.spool}; else the refusal reason. */
    String admitSpool(String si, long size) {
        long sum = 0;
        for (Upload u : service.activeUploads()) {
            if (u.creator().startsWith(FoolscapConfig.IDENTITY_PREFIX) && !u.si().equals(si)) {
                sum += u.params().size();
            }
        }
        return sum + size > config.maxSpool() ? "foolscap-spool-full" : null;
    }

    /** Null when {@code policy} and all Foolscap clients together may still send {@code bytes} today; else the reason. */
    String quotaRefusal(TokenPolicy policy, long bytes) {
        if (service.quota().remainingToday(policy) < bytes) {
            return "quota-bytes-per-day";
        }
        if (service.quota().usedTodayWithPrefix(FoolscapConfig.IDENTITY_PREFIX) + bytes > config.bytesPerDay()) {
            return "foolscap-bytes-per-day";
        }
        return null;
    }

    void fetched(long bytes) {
        events.foolscapCiphertextFetched(bytes);
    }

    void jobEnded(UploadJob job) {
        jobs.remove(job.si(), job);
    }

    /** One sweep as the timer runs it. */
    void sweepAbandoned() {
        sweepAbandoned(System.currentTimeMillis());
    }

    /**
     * Removes Foolscap uploads nobody has sent to for {@code foolscap.abandoned-expiry} before
     * {@code now} (epoch ms): spool, record and allocated buckets go, as at expiry.
     */
    public void sweepAbandoned(long now) {
        for (Upload u : service.activeUploads()) {
            if (u.creator().startsWith(FoolscapConfig.IDENTITY_PREFIX) && !jobs.containsKey(u.si())
                    && now - u.lastActivityMillis() >= config.abandonedExpiry().toMillis()) {
                Log.info("foolscap-upload-abandoned", "si", u.si(), "client", u.creator());
                service.terminate(u, "expired");
            }
        }
    }
}
