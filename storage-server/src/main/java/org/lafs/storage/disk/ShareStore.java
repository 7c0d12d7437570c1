package org.lafs.storage.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.lafs.gbs.AllocateResult;
import org.lafs.gbs.ByteRange;
import org.lafs.gbs.GbsProtocol;

/**
 * Immutable shares on disk, laid out like Tahoe's storage server ({@link StorageDirs}) in
 * Tahoe's share container ({@link ShareFile}): the operations of the GBS endpoints, on top of
 * the open uploads ({@link IncomingUploads}, each an {@link OpenUpload} with its
 * {@link UploadSidecar} so it survives a restart), the complete shares ({@link CompleteShares})
 * and the corruption reports ({@link CorruptionAdvisories}).
 *
 * <p>Threading: not thread-safe, blocking I/O. The node calls it only from one ordered worker
 * lane, never from the event loop.
 */
public final class ShareStore implements AutoCloseable {
    /** Outcome of a lookup or write on an open upload. */
    public enum Status { OK, COMPLETE, CONFLICT, NOT_FOUND, UNAUTHORIZED, NOT_ALLOWED, OUT_OF_RANGE }

    /** Result of {@link #write}: status plus the still-missing ranges. */
    public record WriteOutcome(Status status, List<ByteRange> required) {}

    /**
     * Written ranges are persisted at most this often per upload (and on close). Ranges written
     * since the last save are forgotten by a crash; the client then sees them as required
     * again and rewrites them, which the server accepts (identical or not, they are unwritten).
     */
    static final long CHECKPOINT_INTERVAL_MS = 1000;

    private final StorageDirs dirs;
    private final long reservedSpace;
    private final IncomingUploads uploads;
    private final CompleteShares complete;
    private final CorruptionAdvisories advisories;

    /** Opens (creating if needed) the store under {@code storageDir} and restores open uploads. */
    public ShareStore(Path storageDir, long reservedSpace, long nowMillis) throws IOException {
        this.dirs = StorageDirs.under(storageDir);
        this.reservedSpace = reservedSpace;
        this.uploads = new IncomingUploads(dirs);
        this.complete = new CompleteShares(dirs);
        this.advisories = new CorruptionAdvisories(dirs.advisories());
        Files.createDirectories(dirs.incoming());
        Files.createDirectories(dirs.advisories());
        uploads.recover(nowMillis);
    }

    /** Free space minus reserved space, never negative (Tahoe's {@code get_available_space}). */
    public long availableSpace() {
        try {
            return Math.max(0, Files.getFileStore(dirs.shares()).getUsableSpace() - reservedSpace);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Space promised to open uploads (their full allocated sizes, as Tahoe counts). */
    public long promisedSpace() {
        return uploads.promisedSpace();
    }

    public int openUploads() {
        return uploads.count();
    }

    /** Complete share numbers held for {@code si}. */
    public Set<Integer> listShares(String si) {
        return complete.list(si);
    }

    /** Path of a complete share, or null. */
    public Path sharePath(String si, int shnum) {
        return complete.path(si, shnum);
    }

    /**
     * Allocate buckets (spec section 3.2, Tahoe's {@code allocate_buckets}): every complete share
     * gets its lease added or renewed; each requested share that is neither complete nor in
     * progress gets an upload slot if {@code available - promised >= size}.
     */
    public AllocateResult allocate(String si, byte[] renew, byte[] cancel, byte[] uploadSecret, Set<Integer> shnums,
                                   long size, long nowMillis) throws IOException {
        ShareFile.Lease lease = new ShareFile.Lease(0, renew, cancel, expiry(nowMillis));
        Set<Integer> have = listShares(si);
        complete.addOrRenewLease(si, have, lease);
        long remaining = availableSpace() - promisedSpace();
        Set<Integer> allocated = new TreeSet<>();
        for (int sh : new TreeSet<>(shnums)) {
            if (have.contains(sh) || uploads.get(si, sh) != null) {
                continue;
            }
            if (remaining < size) {
                continue; // silently left out, as Tahoe does
            }
            uploads.create(si, sh, uploadSecret, size, lease, nowMillis);
            allocated.add(sh);
            remaining -= size;
        }
        return new AllocateResult(have, allocated);
    }

    /** Checks that an upload is open and the secret matches; {@code OK}, {@code UNAUTHORIZED} or {@code NOT_FOUND}. */
    public Status lookup(String si, int shnum, byte[] secret) {
        OpenUpload u = uploads.get(si, shnum);
        if (u == null) {
            return Status.NOT_FOUND;
        }
        return u.secretMatches(secret) ? Status.OK : Status.UNAUTHORIZED;
    }

    /** Allocated size of an open upload, or -1. */
    public long allocatedSize(String si, int shnum) {
        OpenUpload u = uploads.get(si, shnum);
        return u == null ? -1 : u.size;
    }

    /**
     * Writes one piece (Tahoe's {@code BucketWriter.write}): already-written bytes in the range
     * must be identical (else {@code CONFLICT}, nothing of this piece written). Completion is
     * decided by {@link #finishWrite} at the end of the request, as Tahoe closes the bucket
     * after the whole body.
     */
    public WriteOutcome write(String si, int shnum, byte[] secret, long offset, byte[] data, long nowMillis) throws IOException {
        return write(si, shnum, secret, offset, List.of(ByteBuffer.wrap(data)), nowMillis);
    }

    /**
     * Writes the remaining bytes of {@code data}, in order, from {@code offset}: the PATCH path
     * hands over the request's body chunks as they arrived, without joining them first. Bytes
     * that overlap a range already written must equal it ({@code CONFLICT} otherwise), as GBS
     * requires.
     */
    public WriteOutcome write(String si, int shnum, byte[] secret, long offset, List<ByteBuffer> data, long nowMillis) throws IOException {
        OpenUpload u = uploads.get(si, shnum);
        if (u == null) {
            return new WriteOutcome(Status.NOT_FOUND, List.of());
        }
        if (!u.secretMatches(secret)) {
            return new WriteOutcome(Status.UNAUTHORIZED, List.of());
        }
        long length = 0;
        for (ByteBuffer b : data) {
            length += b.remaining();
        }
        if (offset < 0 || offset + length > u.size) {
            return new WriteOutcome(Status.OUT_OF_RANGE, List.of());
        }
        return new WriteOutcome(u.write(offset, data, length, nowMillis), List.of());
    }

    /**
     * Ends one PATCH request: when every byte is written the share is moved to its final place
     * ({@code COMPLETE}); otherwise the written ranges are persisted ({@code OK} with the
     * missing ranges). An upload that another request just completed also gives {@code COMPLETE};
     * one that is gone otherwise gives {@code NOT_FOUND}.
     */
    public WriteOutcome finishWrite(String si, int shnum, long nowMillis) throws IOException {
        OpenUpload u = uploads.get(si, shnum);
        if (u == null) {
            return new WriteOutcome(sharePath(si, shnum) != null ? Status.COMPLETE : Status.NOT_FOUND, List.of());
        }
        if (u.complete()) {
            uploads.complete(u);
            return new WriteOutcome(Status.COMPLETE, List.of());
        }
        if (nowMillis - u.lastSavedMillis >= CHECKPOINT_INTERVAL_MS) {
            u.saveState();
            u.lastSavedMillis = nowMillis;
        }
        return new WriteOutcome(Status.OK, u.missing());
    }

    /** Test helper: {@link #finishWrite(String, int, long)} that always persists the ranges. */
    public WriteOutcome finishWrite(String si, int shnum) throws IOException {
        return finishWrite(si, shnum, Long.MAX_VALUE);
    }

    /** Ranges still missing for an open upload. */
    public List<ByteRange> required(String si, int shnum) {
        OpenUpload u = uploads.get(si, shnum);
        return u == null ? List.of() : u.missing();
    }

    /** Persists the written ranges of an open upload (called when a PATCH connection is lost). */
    public void checkpoint(String si, int shnum) throws IOException {
        OpenUpload u = uploads.get(si, shnum);
        if (u != null) {
            u.saveState();
        }
    }

    /** Abort (spec 3.4): {@code OK}, {@code UNAUTHORIZED}, {@code NOT_ALLOWED} (complete) or {@code NOT_FOUND}. */
    public Status abort(String si, int shnum, byte[] secret) throws IOException {
        OpenUpload u = uploads.get(si, shnum);
        if (u == null) {
            return sharePath(si, shnum) != null ? Status.NOT_ALLOWED : Status.NOT_FOUND;
        }
        if (!u.secretMatches(secret)) {
            return Status.UNAUTHORIZED;
        }
        uploads.discard(u);
        return Status.OK;
    }

    /** Aborts uploads without a write for {@code idleMillis}; returns how many. */
    public int abortIdle(long nowMillis, long idleMillis) throws IOException {
        return uploads.discardIdle(nowMillis, idleMillis);
    }

    /**
     * Adds or renews a lease on every complete share of {@code si} (spec 3.7).
     *
     * @return false when there is no complete share (the caller answers 404)
     */
    public boolean addLease(String si, byte[] renew, byte[] cancel, long nowMillis) throws IOException {
        Set<Integer> have = listShares(si);
        complete.addOrRenewLease(si, have, new ShareFile.Lease(1, renew, cancel, expiry(nowMillis)));
        return !have.isEmpty();
    }

    /** Leases of a complete share (for tests and tools). */
    public List<ShareFile.Lease> leases(String si, int shnum) throws IOException {
        return complete.leases(si, shnum);
    }

    /** Records a corruption advisory (Tahoe writes one file per report); false for an unknown share. */
    public boolean adviseCorrupt(String si, int shnum, String reason, long nowMillis) throws IOException {
        if (sharePath(si, shnum) == null) {
            return false;
        }
        advisories.record(si, shnum, reason, nowMillis);
        return true;
    }

    /**
     * Lease expiry (off by default, as in Tahoe): drops expired leases of complete shares and
     * deletes shares left without a lease. Returns the number of shares deleted.
     */
    public int collectExpired(long nowMillis) throws IOException {
        return complete.collectExpired(nowMillis);
    }

    @Override
    public void close() throws IOException {
        uploads.close();
    }

    private static long expiry(long nowMillis) {
        return nowMillis / 1000 + GbsProtocol.LEASE_DURATION.toSeconds();
    }
}
