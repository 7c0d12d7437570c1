package org.lafs.storage.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.lafs.gbs.ByteRange;

/**
 * One upload in progress: its secret, allocated size, the ranges written so far and its open
 * share container under {@code incoming/}. Not thread-safe (used from the store's lane only).
 */
final class OpenUpload {
    final String si;
    final int shnum;
    private final byte[] secret;
    final long size;
    private final RangeSet written;
    final Path incoming;
    final ShareFile file;
    long lastActivityMillis;
    long lastSavedMillis;

    OpenUpload(String si, int shnum, byte[] secret, long size, RangeSet written, Path incoming, ShareFile file, long now) {
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

    /** Constant-time comparison, so the answer does not reveal how much of a guess was right. */
    boolean secretMatches(byte[] candidate) {
        return MessageDigest.isEqual(secret, candidate);
    }

    boolean complete() {
        return written.covers(size);
    }

    List<ByteRange> missing() {
        return written.missing(size);
    }

    /** Persists the written ranges in the sidecar. */
    void saveState() throws IOException {
        new UploadSidecar(secret, size, written).save(sidecar());
    }

    /**
     * Writes {@code data} (in order, {@code length} bytes) at {@code offset}, which the caller
     * checked is within the allocated size. Bytes that overlap a range already written must equal
     * it ({@code CONFLICT} and nothing written otherwise), as GBS requires; only then are the
     * chunks joined, to compare.
     */
    ShareStore.Status write(long offset, List<ByteBuffer> data, long length, long nowMillis) throws IOException {
        long end = offset + length;
        lastActivityMillis = nowMillis;
        List<ByteRange> overlaps = written.intersect(offset, end);
        if (!overlaps.isEmpty()) {
            byte[] joined = join(data, (int) length);
            for (ByteRange r : overlaps) {
                byte[] existing = file.read(r.begin(), (int) r.length());
                if (!Arrays.equals(existing, 0, existing.length,
                        joined, (int) (r.begin() - offset), (int) (r.end() - offset))) {
                    return ShareStore.Status.CONFLICT;
                }
            }
        }
        file.write(offset, data);
        written.add(offset, end);
        return ShareStore.Status.OK;
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
}
