package org.lafs.helper.upload;

import java.util.Arrays;
import org.lafs.format.Base32;

/**
 * What the client declares for one CHK upload: the Tahoe fields that travel in the tus
 * {@code Upload-Metadata} header plus {@code Upload-Length}. Validated on construction by
 * {@link #validate(long, int, long)}; the storage index is 16 bytes (chk-format.md section 5).
 *
 * @param storageIndex 16-byte SI (hex/base32 only in logs; the SI is not a secret in Tahoe)
 * @param size ciphertext length in bytes (equals plaintext length)
 * @param k shares needed
 * @param happy servers-of-happiness threshold
 * @param n total shares
 * @param segmentSize the effective segment size S (chk-format.md section 3.1)
 */
public record UploadParams(byte[] storageIndex, long size, int k, int happy, int n, int segmentSize) {

    /** Files up to this size are LIT caps and never reach a helper (chk-format.md section 3). */
    public static final long MAX_LIT_SIZE = 55;

    public String siBase32() {
        return Base32.encode(storageIndex);
    }

    /**
     * Checks the parameters against the CHK rules and the helper's limits.
     *
     * @return null when valid, otherwise a short machine-readable reason
     */
    public String validate(long maxFileSize, int maxSegmentSize, long maxSegments) {
        if (storageIndex.length != 16) {
            return "bad-storage-index";
        }
        if (size <= MAX_LIT_SIZE) {
            return "size-is-lit";
        }
        if (size > maxFileSize) {
            return "upload-too-large";
        }
        if (k < 1 || n < k || n > 256) {
            return "bad-k-n";
        }
        if (happy < 1 || happy > n) {
            return "bad-happy";
        }
        // S = roundup(min(max, size), k): a multiple of k, never above roundup(size, k).
        long maxS = ((size + k - 1) / k) * k;
        if (segmentSize < k || segmentSize % k != 0 || segmentSize > maxS) {
            return "bad-segment-size";
        }
        if (segmentSize > (long) maxSegmentSize + k) {
            return "segment-size-too-large";
        }
        // the helper keeps (n+1) hashes per segment until the end: tiny segments would let one
        // upload of a modest size claim gigabytes of heap
        if ((size + segmentSize - 1) / segmentSize > maxSegments) {
            return "too-many-segments";
        }
        return null;
    }

    /** True when both describe the same upload (a resume must not change anything). */
    public boolean sameAs(UploadParams other) {
        return Arrays.equals(storageIndex, other.storageIndex) && size == other.size && k == other.k
                && happy == other.happy && n == other.n && segmentSize == other.segmentSize;
    }

    public int numSegments() {
        return (int) ((size + segmentSize - 1) / segmentSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UploadParams p && sameAs(p);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storageIndex) * 31 + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return "UploadParams[si=" + siBase32() + ", size=" + size + ", k=" + k + ", happy=" + happy + ", n=" + n
                + ", segmentSize=" + segmentSize + "]";
    }
}
