package org.lafs.client.upload;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.StorageIndex;
import org.lafs.chk.cap.ChkCap;
import org.lafs.chk.share.UriExtension;
import org.lafs.client.LafsException;
import org.lafs.client.ProgressListener;
import org.lafs.client.UploadReport;
import org.lafs.client.helper.HelperClient;
import org.lafs.client.helper.HelperException;
import org.lafs.client.helper.Retry;
import org.lafs.client.helper.UploadProof;
import org.lafs.format.Base32;
import org.lafs.upload.PoisonedStorageIndexException;

/**
 * An upload through the helper (docs/helper-protocol.md "A client's upload, step by step"):
 * first pass for the key and storage index (skipped when a resume record matches), tus creation,
 * PATCHes of ciphertext from the helper's durable offset (AES-CTR seeks; on any failure HEAD and
 * continue), long-poll of the result, then a check of the helper's answer before the cap is
 * built: the UEB fields must match our k, n, size and segment size; the UEB rebuilt from them
 * must hash to the helper's UEB hash; and its crypttext hash and crypttext root must equal the
 * ones we computed over the ciphertext ourselves (Tahoe's client checks only the first; see
 * helper-semantics.md section 8 item 2). So a faulty helper can make an upload fail, never hand
 * back a cap for other bytes.
 *
 * <p>Blocking; one instance per upload.
 */
public final class HelperUpload {
    /** Ciphertext bytes per PATCH; a resume resends at most the helper's checkpoint interval. */
    static final long CHUNK = 16L << 20;
    /** Long-poll wait per result request (the helper caps it at uploads.long-poll-max). */
    static final int POLL_SECONDS = 30;
    /** Reason of a storage index holding shares of other data, from the helper or found here. */
    static final String POISONED = "storage-index-poisoned";

    private final HelperClient client;
    private final UploadRecords records;
    private final EncodingParameters params;
    private final byte[] secret;
    private final Throttle throttle;
    private final ProgressListener progress;
    /** Rides out helper restarts and dropped connections (docs/client.md "Retries"). */
    private final Retry retry;
    /** Offset of the first ciphertext byte this run actually sent, -1 while none was sent. */
    private long firstSentFrom = -1;

    public HelperUpload(HelperClient client, UploadRecords records, EncodingParameters params, byte[] convergenceSecret,
                        Throttle throttle, ProgressListener progress) {
        this(client, records, params, convergenceSecret, throttle, progress, Retry.DEFAULT_BUDGET);
    }

    /** @param retryBudget how long to keep retrying while nothing progresses (helper down or unreachable) */
    public HelperUpload(HelperClient client, UploadRecords records, EncodingParameters params, byte[] convergenceSecret,
                        Throttle throttle, ProgressListener progress, Duration retryBudget) {
        this.client = client;
        this.records = records;
        this.params = params;
        this.secret = convergenceSecret.clone();
        this.throttle = throttle;
        this.progress = progress;
        this.retry = new Retry(retryBudget, progress::note);
    }

    /** Uploads {@code file} (more than 55 bytes) and returns its report. */
    public UploadReport upload(Path file) throws LafsException {
        long t0 = System.nanoTime();
        Map<String, Duration> phases = new LinkedHashMap<>();
        checkHelper(file);
        ConvergentKeyStep.Keyed keyed = ConvergentKeyStep.run(file, params, secret, records, "helper", progress, phases);
        FileIdentity id = keyed.id();
        FileGeometry g = keyed.geometry();
        byte[] key = keyed.key();
        byte[] si = StorageIndex.of(key);
        try {
            UploadReport r = run(file, id, g, key, si, phases, t0);
            records.remove(id, params, secret);
            return r;
        } catch (FileChangedException e) {
            records.remove(id, params, secret);
            try {
                client.terminate(si);
            } catch (IOException ignored) {
                // the helper expires it anyway
            }
            throw new LafsException(LafsException.Kind.FILE_CHANGED, e.getMessage() + "; nothing was stored, upload it again");
        } catch (HelperException e) {
            boolean poisoned = e.reason().equals(POISONED);
            throw new LafsException(poisoned ? LafsException.Kind.POISONED : LafsException.Kind.REMOTE, e.getMessage(), e);
        } catch (IOException e) {
            throw new LafsException(LafsException.Kind.LOCAL_IO, "reading " + file + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /**
     * Before the file is read at all (hashing a large file takes minutes): the helper answers,
     * accepts our token, and takes files of this size. A helper that is down is waited for
     * ({@link Retry}); a refused token or a file too large ends here.
     */
    private void checkHelper(Path file) throws LafsException {
        JsonObject version;
        try {
            version = retry.run("contacting the helper", client::version);
        } catch (HelperException e) {
            if (e.status() == 401) {
                throw new LafsException(LafsException.Kind.REMOTE, "the helper refused our token (401 unauthorized): check the"
                        + " token in the node directory's private/helper-token (or helper.token-file, --token)", e);
            }
            throw new LafsException(LafsException.Kind.REMOTE, e.getMessage(), e);
        } catch (IOException e) {
            throw new LafsException(LafsException.Kind.REMOTE, "cannot reach the helper: " + e.getMessage(), e);
        }
        Object max = version.getJsonObject("limits", new JsonObject()).getValue("max-file-size");
        try {
            long size = Files.size(file);
            if (max instanceof Number m && size > m.longValue()) {
                throw new LafsException(LafsException.Kind.BAD_INPUT, "the helper takes files of at most " + m.longValue()
                        + " bytes for this token; this one has " + size);
            }
        } catch (IOException e) {
            throw new LafsException(LafsException.Kind.LOCAL_IO, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    /** Creation (join, resume) of this file's upload, retried while the helper is unreachable. */
    private HelperClient.Created create(byte[] si, FileGeometry g, byte[] key) throws IOException {
        return retry.run("opening the upload", () -> client.create(si, g.size(), g.k(), params.happy(), g.n(), g.segmentSize(),
                UploadProof.of(key)));
    }

    private UploadReport run(Path file, FileIdentity id, FileGeometry g, byte[] key, byte[] si,
                             Map<String, Duration> phases, long t0) throws IOException, LafsException {
        HelperClient.Created created = create(si, g, key);
        long offset = created.offset();
        long resumedFrom = offset;
        if (offset > 0 && offset < g.size()) {
            progress.note("the helper already holds " + offset + " of " + g.size() + " bytes; sending the rest");
        }
        AtomicLong sentBytes = new AtomicLong();
        long u0 = System.nanoTime();
        byte[][] hashes = send(file, g, key, si, offset, sentBytes, created.state().equals("in-grid"));
        retry.progressed();
        if (firstSentFrom >= 0) {
            resumedFrom = firstSentFrom; // a retry may have started later than the creation answer said
        } else {
            resumedFrom = g.size();
        }
        phases.put(created.state().equals("in-grid") ? "verifying" : "uploading", Duration.ofNanos(System.nanoTime() - u0));
        JsonObject result;
        if (created.state().equals("in-grid") && created.result() != null) {
            result = created.result();
        } else {
            long w0 = System.nanoTime();
            result = waitForResult(si, g);
            phases.put("helper-wait", Duration.ofNanos(System.nanoTime() - w0));
        }
        byte[] uebHash = checkResult(result, g, hashes[0], hashes[1]);
        JsonObject timings = result.getJsonObject("timings-ms", new JsonObject());
        for (String name : timings.fieldNames()) {
            Object v = timings.getValue(name);
            if (v instanceof Number num) {
                phases.put("helper-" + name, Duration.ofMillis(num.longValue()));
            }
        }
        phases.put("total", Duration.ofNanos(System.nanoTime() - t0));
        boolean inGrid = "in-grid".equals(result.getString("state")) || created.state().equals("in-grid");
        return new UploadReport(new ChkCap(key, uebHash, g.k(), g.n(), g.size()), "helper", g.size(), sentBytes.get(),
                resumedFrom, inGrid, result.getInteger("preexisting-shares", 0), result.getInteger("pushed-shares", 0), phases);
    }

    /** Sends the ciphertext from {@code offset}; returns {crypttext hash, crypttext root}. */
    private byte[][] send(Path file, FileGeometry g, byte[] key, byte[] si, long offset, AtomicLong sentBytes, boolean inGrid)
            throws IOException {
        while (true) {
            progress.phase(inGrid ? "verifying" : "uploading", g.size(), offset);
            long[] done = {offset};
            long attemptFrom = offset;
            try (InputStream in = Files.newInputStream(file);
                 CiphertextPass pass = new CiphertextPass(in, g, secret, key, throttle, n -> {
                     if (firstSentFrom < 0) {
                         firstSentFrom = attemptFrom;
                     }
                     sentBytes.addAndGet(n);
                     done[0] += n;
                     progress.progress(done[0]);
                 })) {
                pass.skipTo(offset);
                try {
                    while (offset < g.size()) {
                        long len = Math.min(CHUNK, g.size() - offset);
                        long start = offset;
                        long now = client.patch(si, offset, len, pass.chunk(len));
                        if (now != start + len) {
                            throw new HelperException(0, "protocol", "helper acknowledged offset " + now + " after a PATCH to " + (start + len), null);
                        }
                        offset = now;
                        retry.progressed();
                    }
                    pass.finish();
                    return new byte[][] {pass.crypttextHash(), pass.crypttextRootHash()};
                } catch (IOException e) {
                    FileChangedException changed = findChanged(e);
                    if (changed != null) {
                        throw changed;
                    }
                    HelperException h = e instanceof HelperException he ? he : new HelperException(0, HelperException.TRANSPORT,
                            "helper connection failed: " + e.getClass().getSimpleName(), e);
                    if (h.status() == 410) {
                        throw whyEnded(si, h);
                    }
                    // 409 offset-mismatch and 460 checksum-mismatch: ask where to continue at once;
                    // anything else waits (or ends) as the retry policy says
                    if (h.status() != 409 && h.status() != 460) {
                        retry.waitBefore("sending", h);
                    }
                    offset = resumePoint(si, g, key);
                }
            }
        }
    }

    /**
     * The helper ended the upload (410): its result says why (e.g. "only 2 of the 7 servers
     * needed are reachable"), which is what the user needs, not the status code.
     */
    private HelperException whyEnded(byte[] si, HelperException gone) {
        try {
            JsonObject r = client.result(si, 0);
            JsonObject res = r.getJsonObject("result", new JsonObject());
            return failed(res.getString("reason", gone.reason()), res.getString("detail", gone.getMessage()));
        } catch (IOException | ClassCastException e) {
            return gone;
        }
    }

    /**
     * The helper's own account of why it ended the upload. Status 410, as the helper answers for
     * an ended upload: it is final, so {@link Retry} never tries the same call again (with status 0
     * it looked like a lost connection, and a HEAD that learned of the failure was retried for
     * the whole budget).
     */
    static HelperException failed(String reason, String detail) {
        return new HelperException(410, reason, "the helper could not store the file: " + HelperClient.oneLine(detail)
                + " (" + HelperClient.oneLine(reason) + ")", null);
    }

    /**
     * Where to continue after an interruption: the helper's durable offset (HEAD), retried while
     * the helper is unreachable. A helper that no longer knows the upload (404: it was replaced,
     * or lost with a helper's state) is asked to open it again, which resumes what it still has.
     */
    private long resumePoint(byte[] si, FileGeometry g, byte[] key) throws IOException {
        return retry.run("asking the helper where to continue", () -> {
            try {
                return headOffset(si, g);
            } catch (HelperException e) {
                if (e.status() != 404) {
                    throw e;
                }
                progress.note("the helper no longer knows this upload; opening it again");
                return client.create(si, g.size(), g.k(), params.happy(), g.n(), g.segmentSize(), UploadProof.of(key)).offset();
            }
        });
    }

    private long headOffset(byte[] si, FileGeometry g) throws IOException {
        HelperClient.Head h;
        try {
            h = client.head(si);
        } catch (HelperException e) {
            throw e.status() == 410 ? whyEnded(si, e) : e;
        }
        if (h.offset() < 0 || h.offset() > g.size()) {
            throw new HelperException(0, "protocol", "helper reports offset " + h.offset() + " outside 0.." + g.size(), null);
        }
        return h.offset();
    }

    private static FileChangedException findChanged(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof FileChangedException f) {
                return f;
            }
            for (Throwable s : c.getSuppressed()) {
                if (s instanceof FileChangedException f) {
                    return f;
                }
            }
        }
        return null;
    }

    private JsonObject waitForResult(byte[] si, FileGeometry g) throws IOException {
        progress.phase("helper", g.numSegments(), 0);
        long pushed = -1;
        while (true) {
            JsonObject r = retry.run("waiting for the helper", () -> client.result(si, POLL_SECONDS));
            String state = r.getString("state", "");
            switch (state) {
                case "done", "in-grid" -> {
                    JsonObject res = r.getJsonObject("result");
                    if (res == null) {
                        throw new HelperException(0, "protocol", "helper finished without a result", null);
                    }
                    return res;
                }
                case "failed" -> {
                    JsonObject res = r.getJsonObject("result", new JsonObject());
                    String reason = res.getString("reason", r.getString("reason", "upload-failed"));
                    throw failed(reason, res.getString("detail", "no reason given"));
                }
                default -> {
                    if (r.getValue("segments-pushed") instanceof Number p && p.longValue() != pushed) {
                        pushed = p.longValue();
                        retry.progressed(); // the helper is working: waiting longer than the budget is fine
                        progress.progress(pushed);
                    }
                }
            }
        }
    }

    /**
     * Checks the helper's result against what we know and returns the UEB hash for the cap.
     *
     * @throws HelperException (reason {@code bad-result}) on any disagreement
     */
    static byte[] checkResult(JsonObject result, FileGeometry g, byte[] crypttextHash, byte[] crypttextRoot)
            throws HelperException {
        try {
            byte[] uebHash = b32(result, "ueb-hash", 32);
            JsonObject ueb = result.getJsonObject("ueb");
            if (ueb == null) {
                throw bad("no UEB fields");
            }
            expect(ueb, "size", g.size());
            expect(ueb, "segment_size", g.segmentSize());
            expect(ueb, "num_segments", g.numSegments());
            expect(ueb, "needed_shares", g.k());
            expect(ueb, "total_shares", g.n());
            byte[] ct = b32(ueb, "crypttext_hash", 32);
            byte[] root = b32(ueb, "crypttext_root_hash", 32);
            byte[] shareRoot = b32(ueb, "share_root_hash", 32);
            if (!MessageDigest.isEqual(ct, crypttextHash) || !MessageDigest.isEqual(root, crypttextRoot)) {
                if ("in-grid".equals(result.getString("state"))) {
                    // shares of other data are stored under our storage index, complete and self-consistent
                    throw new HelperException(0, POISONED, "no cap was made: the grid already holds a file under this"
                            + " file's storage index, but not this file (its crypttext hashes differ): the storage index is"
                            + " poisoned. " + PoisonedStorageIndexException.advice(), null);
                }
                throw bad("its crypttext hashes differ from the ciphertext we sent");
            }
            byte[] rebuilt = new UriExtension(g, ct, root, shareRoot).hash();
            if (!MessageDigest.isEqual(rebuilt, uebHash)) {
                throw bad("its UEB hash does not match its UEB fields");
            }
            return uebHash;
        } catch (ClassCastException | IllegalArgumentException e) {
            throw bad("malformed result (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void expect(JsonObject ueb, String field, long want) throws HelperException {
        Object v = ueb.getValue(field);
        if (!(v instanceof Number n) || n.longValue() != want) {
            throw bad("UEB " + field + " is " + v + ", expected " + want);
        }
    }

    private static byte[] b32(JsonObject o, String field, int len) throws HelperException {
        String s = o.getString(field);
        if (s == null) {
            throw bad("no " + field);
        }
        byte[] b = Base32.decode(s);
        if (b.length != len) {
            throw bad(field + " is not " + len + " bytes");
        }
        return b;
    }

    private static HelperException bad(String why) {
        return new HelperException(0, "bad-result", "the helper's result was rejected: " + why, null);
    }
}
