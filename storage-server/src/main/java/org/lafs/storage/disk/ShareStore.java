package org.lafs.storage.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.lafs.format.Base32;
import org.lafs.gbs.AllocateResult;
import org.lafs.gbs.ByteRange;
import org.lafs.gbs.GbsProtocol;

/**
 * Immutable shares on disk, laid out like Tahoe's storage server
 * ({@code storage/shares/<si[:2]>/<si>/<shnum>} and {@code storage/shares/incoming/...}),
 * in Tahoe's share container ({@link ShareFile}). Open uploads are also described by a
 * sidecar {@code incoming/<si[:2]>/<si>/<shnum>.upload} (upload secret, allocated size,
 * written ranges) so they survive a restart; Tahoe itself discards incoming data on start.
 *
 * <p>Threading: not thread-safe, blocking I/O. The node calls it only from one ordered worker
 * lane, never from the event loop.
 */
public final class ShareStore implements AutoCloseable {
    /** Outcome of a lookup or write on an open upload. */
    public enum Status { OK, COMPLETE, CONFLICT, NOT_FOUND, UNAUTHORIZED, NOT_ALLOWED, OUT_OF_RANGE }

    /** Result of {@link #write}: status plus the still-missing ranges. */
    public record WriteOutcome(Status status, List<ByteRange> required) {}

    private static final class Upload {
        final String si;
        final int shnum;
        final byte[] secret;
        final long size;
        final RangeSet written;
        final Path incoming;
        ShareFile file;
        long lastActivityMillis;
        long lastSavedMillis;

        Upload(String si, int shnum, byte[] secret, long size, RangeSet written, Path incoming, ShareFile file, long now) {
            this.si = si;
            this.shnum = shnum;
            this.secret = secret;
            this.size = size;
            this.written = written;
            this.incoming = incoming;
            this.file = file;
            this.lastActivityMillis = now;
        }

        Path sidecar() {
            return incoming.resolveSibling(shnum + ".upload");
        }
    }

    /**
     * Written ranges are persisted at most this often per upload (and on close). Ranges written
     * since the last save are forgotten by a crash; the client then sees them as required
     * again and rewrites them, which the server accepts (identical or not, they are unwritten).
     */
    static final long CHECKPOINT_INTERVAL_MS = 1000;

    private final Path shares;
    private final Path incoming;
    private final Path advisories;
    private final long reservedSpace;
    private final Map<String, Upload> uploads = new HashMap<>();

    /** Opens (creating if needed) the store under {@code storageDir} and restores open uploads. */
    public ShareStore(Path storageDir, long reservedSpace, long nowMillis) throws IOException {
        this.shares = storageDir.resolve("shares");
        this.incoming = shares.resolve("incoming");
        this.advisories = storageDir.resolve("corruption-advisories");
        this.reservedSpace = reservedSpace;
        Files.createDirectories(incoming);
        Files.createDirectories(advisories);
        recover(nowMillis);
    }

    private static String key(String si, int shnum) {
        return si + "/" + shnum;
    }

    private Path finalPath(String si, int shnum) {
        return shares.resolve(si.substring(0, 2)).resolve(si).resolve(Integer.toString(shnum));
    }

    private Path incomingPath(String si, int shnum) {
        return incoming.resolve(si.substring(0, 2)).resolve(si).resolve(Integer.toString(shnum));
    }

    /** Free space minus reserved space, never negative (Tahoe's {@code get_available_space}). */
    public long availableSpace() {
        try {
            return Math.max(0, Files.getFileStore(shares).getUsableSpace() - reservedSpace);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Space promised to open uploads (their full allocated sizes, as Tahoe counts). */
    public long promisedSpace() {
        long sum = 0;
        for (Upload u : uploads.values()) {
            sum += u.size;
        }
        return sum;
    }

    public int openUploads() {
        return uploads.size();
    }

    /** Complete share numbers held for {@code si}. */
    public Set<Integer> listShares(String si) {
        Set<Integer> out = new TreeSet<>();
        Path dir = shares.resolve(si.substring(0, 2)).resolve(si);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.matches("0|[1-9][0-9]{0,2}") && Integer.parseInt(n) <= GbsProtocol.MAX_SHARE_NUMBER) {
                    out.add(Integer.parseInt(n));
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Path of a complete share, or null. */
    public Path sharePath(String si, int shnum) {
        Path p = finalPath(si, shnum);
        return Files.isRegularFile(p) ? p : null;
    }

    /**
     * Allocate buckets (spec section 3.2, Tahoe's {@code allocate_buckets}): every complete share
     * gets its lease added or renewed; each requested share that is neither complete nor in
     * progress gets an upload slot if {@code available - promised >= size}.
     */
    public AllocateResult allocate(String si, byte[] renew, byte[] cancel, byte[] uploadSecret, Set<Integer> shnums,
                                   long size, long nowMillis) throws IOException {
        long expiry = expiry(nowMillis);
        Set<Integer> have = listShares(si);
        for (int sh : have) {
            try (ShareFile f = ShareFile.open(finalPath(si, sh), true)) {
                f.addOrRenewLease(new ShareFile.Lease(0, renew, cancel, expiry));
            }
        }
        long remaining = availableSpace() - promisedSpace();
        Set<Integer> allocated = new TreeSet<>();
        for (int sh : new TreeSet<>(shnums)) {
            if (have.contains(sh) || uploads.containsKey(key(si, sh))) {
                continue;
            }
            if (remaining < size) {
                continue; // silently left out, as Tahoe does
            }
            Path in = incomingPath(si, sh);
            Files.createDirectories(in.getParent());
            Files.deleteIfExists(in); // leftover without a sidecar
            ShareFile f = ShareFile.create(in, size, new ShareFile.Lease(0, renew, cancel, expiry));
            Upload u = new Upload(si, sh, uploadSecret.clone(), size, new RangeSet(), in, f, nowMillis);
            saveState(u);
            uploads.put(key(si, sh), u);
            allocated.add(sh);
            remaining -= size;
        }
        return new AllocateResult(have, allocated);
    }

    /** Checks that an upload is open and the secret matches; {@code OK}, {@code UNAUTHORIZED} or {@code NOT_FOUND}. */
    public Status lookup(String si, int shnum, byte[] secret) {
        Upload u = uploads.get(key(si, shnum));
        if (u == null) {
            return Status.NOT_FOUND;
        }
        return MessageDigest.isEqual(u.secret, secret) ? Status.OK : Status.UNAUTHORIZED;
    }

    /** Allocated size of an open upload, or -1. */
    public long allocatedSize(String si, int shnum) {
        Upload u = uploads.get(key(si, shnum));
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
     * requires; only then are the chunks joined, to compare.
     */
    public WriteOutcome write(String si, int shnum, byte[] secret, long offset, List<ByteBuffer> data, long nowMillis) throws IOException {
        Upload u = uploads.get(key(si, shnum));
        if (u == null) {
            return new WriteOutcome(Status.NOT_FOUND, List.of());
        }
        if (!MessageDigest.isEqual(u.secret, secret)) {
            return new WriteOutcome(Status.UNAUTHORIZED, List.of());
        }
        long length = 0;
        for (ByteBuffer b : data) {
            length += b.remaining();
        }
        long end = offset + length;
        if (offset < 0 || end > u.size) {
            return new WriteOutcome(Status.OUT_OF_RANGE, List.of());
        }
        u.lastActivityMillis = nowMillis;
        List<ByteRange> overlaps = u.written.intersect(offset, end);
        if (!overlaps.isEmpty()) {
            byte[] joined = join(data, (int) length);
            for (ByteRange r : overlaps) {
                byte[] existing = u.file.read(r.begin(), (int) r.length());
                if (!java.util.Arrays.equals(existing, 0, existing.length,
                        joined, (int) (r.begin() - offset), (int) (r.end() - offset))) {
                    return new WriteOutcome(Status.CONFLICT, List.of());
                }
            }
        }
        u.file.write(offset, data);
        u.written.add(offset, end);
        return new WriteOutcome(Status.OK, List.of());
    }

    private static byte[] join(List<ByteBuffer> data, int length) {
        byte[] out = new byte[length];
        int at = 0;
        for (ByteBuffer b : data) {
            int n = b.remaining();
            b.duplicate().get(out, at, n);
            at += n;
        }
        return out;
    }

    /**
     * Ends one PATCH request: when every byte is written the share is moved to its final place
     * ({@code COMPLETE}); otherwise the written ranges are persisted ({@code OK} with the
     * missing ranges). An upload that another request just completed also gives {@code COMPLETE};
     * one that is gone otherwise gives {@code NOT_FOUND}.
     */
    public WriteOutcome finishWrite(String si, int shnum, long nowMillis) throws IOException {
        Upload u = uploads.get(key(si, shnum));
        if (u == null) {
            return new WriteOutcome(sharePath(si, shnum) != null ? Status.COMPLETE : Status.NOT_FOUND, List.of());
        }
        if (u.written.covers(u.size)) {
            complete(u);
            return new WriteOutcome(Status.COMPLETE, List.of());
        }
        if (nowMillis - u.lastSavedMillis >= CHECKPOINT_INTERVAL_MS) {
            saveState(u);
            u.lastSavedMillis = nowMillis;
        }
        return new WriteOutcome(Status.OK, u.written.missing(u.size));
    }

    /** Test helper: {@link #finishWrite(String, int, long)} that always persists the ranges. */
    public WriteOutcome finishWrite(String si, int shnum) throws IOException {
        return finishWrite(si, shnum, Long.MAX_VALUE);
    }

    /** Ranges still missing for an open upload. */
    public List<ByteRange> required(String si, int shnum) {
        Upload u = uploads.get(key(si, shnum));
        return u == null ? List.of() : u.written.missing(u.size);
    }

    /** Persists the written ranges of an open upload (called at the end of each PATCH). */
    public void checkpoint(String si, int shnum) throws IOException {
        Upload u = uploads.get(key(si, shnum));
        if (u != null) {
            saveState(u);
        }
    }

    /** Abort (spec 3.4): {@code OK}, {@code UNAUTHORIZED}, {@code NOT_ALLOWED} (complete) or {@code NOT_FOUND}. */
    public Status abort(String si, int shnum, byte[] secret) throws IOException {
        Upload u = uploads.get(key(si, shnum));
        if (u == null) {
            return sharePath(si, shnum) != null ? Status.NOT_ALLOWED : Status.NOT_FOUND;
        }
        if (!MessageDigest.isEqual(u.secret, secret)) {
            return Status.UNAUTHORIZED;
        }
        discard(u);
        return Status.OK;
    }

    /** Aborts uploads without a write for {@code idleMillis}; returns how many. */
    public int abortIdle(long nowMillis, long idleMillis) throws IOException {
        List<Upload> idle = new ArrayList<>();
        for (Upload u : uploads.values()) {
            if (nowMillis - u.lastActivityMillis >= idleMillis) {
                idle.add(u);
            }
        }
        for (Upload u : idle) {
            discard(u);
        }
        return idle.size();
    }

    /**
     * Adds or renews a lease on every complete share of {@code si} (spec 3.7).
     *
     * @return false when there is no complete share (the caller answers 404)
     */
    public boolean addLease(String si, byte[] renew, byte[] cancel, long nowMillis) throws IOException {
        Set<Integer> have = listShares(si);
        for (int sh : have) {
            try (ShareFile f = ShareFile.open(finalPath(si, sh), true)) {
                f.addOrRenewLease(new ShareFile.Lease(1, renew, cancel, expiry(nowMillis)));
            }
        }
        return !have.isEmpty();
    }

    /** Leases of a complete share (for tests and tools). */
    public List<ShareFile.Lease> leases(String si, int shnum) throws IOException {
        try (ShareFile f = ShareFile.open(finalPath(si, shnum), false)) {
            return f.leases();
        }
    }

    /** Records a corruption advisory (Tahoe writes one file per report); false for an unknown share. */
    public boolean adviseCorrupt(String si, int shnum, String reason, long nowMillis) throws IOException {
        if (sharePath(si, shnum) == null) {
            return false;
        }
        String name = java.time.Instant.ofEpochMilli(nowMillis).toString().replace(':', '_') + "--" + si + "-" + shnum;
        Path p = advisories.resolve(name);
        for (int i = 1; Files.exists(p); i++) {
            p = advisories.resolve(name + "." + i);
        }
        Files.writeString(p, "report: Share Corruption\ntype: immutable\nstorage_index: " + si
                + "\nshare_number: " + shnum + "\n\n" + reason + "\n\n", StandardCharsets.UTF_8);
        return true;
    }

    /**
     * Lease expiry (off by default, as in Tahoe): drops expired leases of complete shares and
     * deletes shares left without a lease. Returns the number of shares deleted.
     */
    public int collectExpired(long nowMillis) throws IOException {
        int deleted = 0;
        List<Path> files;
        try (Stream<Path> s = Files.walk(shares, 3)) {
            files = s.filter(p -> !p.startsWith(incoming) && Files.isRegularFile(p)
                    && p.getFileName().toString().matches("[0-9]{1,3}")).toList();
        }
        for (Path p : files) {
            int remaining;
            try (ShareFile f = ShareFile.open(p, true)) {
                remaining = f.dropExpiredLeases(nowMillis / 1000);
            }
            if (remaining == 0) {
                Files.delete(p);
                deleteIfEmpty(p.getParent());
                deleteIfEmpty(p.getParent().getParent());
                deleted++;
            }
        }
        return deleted;
    }

    @Override
    public void close() throws IOException {
        for (Upload u : uploads.values()) {
            saveState(u);
            u.file.close();
        }
        uploads.clear();
    }

    // ---------------------------------------------------------------- internals

    private static long expiry(long nowMillis) {
        return nowMillis / 1000 + GbsProtocol.LEASE_DURATION.toSeconds();
    }

    private void complete(Upload u) throws IOException {
        u.file.close();
        Path fin = finalPath(u.si, u.shnum);
        Files.createDirectories(fin.getParent());
        Files.move(u.incoming, fin, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(u.sidecar());
        uploads.remove(key(u.si, u.shnum));
        deleteIfEmpty(u.incoming.getParent());
        deleteIfEmpty(u.incoming.getParent().getParent());
    }

    private void discard(Upload u) throws IOException {
        u.file.close();
        Files.deleteIfExists(u.incoming);
        Files.deleteIfExists(u.sidecar());
        uploads.remove(key(u.si, u.shnum));
        deleteIfEmpty(u.incoming.getParent());
        deleteIfEmpty(u.incoming.getParent().getParent());
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.delete(dir);
        } catch (IOException ignored) {
            // not empty, or already gone: normal
        }
    }

    private static void saveState(Upload u) throws IOException {
        String text = "secret=" + Base64.getEncoder().encodeToString(u.secret) + "\nsize=" + u.size
                + "\nwritten=" + u.written.format() + "\n";
        Path tmp = u.sidecar().resolveSibling(u.shnum + ".upload.tmp");
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, u.sidecar(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Restores open uploads from sidecars; removes incoming files that have none. */
    private void recover(long nowMillis) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(incoming, 3)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (!name.matches("[0-9]{1,3}")) {
                if (!name.endsWith(".upload") || !Files.exists(p.resolveSibling(name.substring(0, name.length() - 7)))) {
                    Files.deleteIfExists(p);
                }
                continue;
            }
            Path sidecar = p.resolveSibling(name + ".upload");
            String si = p.getParent().getFileName().toString();
            int shnum = Integer.parseInt(name);
            if (!Files.exists(sidecar) || !si.matches("[a-z2-7]{26}") || shnum > GbsProtocol.MAX_SHARE_NUMBER) {
                Files.deleteIfExists(p);
                continue;
            }
            try {
                Map<String, String> kv = new HashMap<>();
                for (String line : Files.readAllLines(sidecar, StandardCharsets.US_ASCII)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        kv.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
                byte[] secret = Base64.getDecoder().decode(kv.get("secret"));
                long size = Long.parseLong(kv.get("size"));
                RangeSet written = RangeSet.parse(kv.getOrDefault("written", ""));
                Base32.decode(si);
                ShareFile f = ShareFile.open(p, true);
                if (f.dataLength() != size) {
                    f.close();
                    throw new IOException("size mismatch");
                }
                uploads.put(key(si, shnum), new Upload(si, shnum, secret, size, written, p, f, nowMillis));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(p);
                Files.deleteIfExists(sidecar);
            }
        }
    }
}
