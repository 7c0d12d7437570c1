package org.lafs.chk.encode;

import org.lafs.chk.FileGeometry;
import org.lafs.chk.Tags;
import org.lafs.codec.ErasureCodec;
import org.lafs.format.TaggedHash;

/**
 * Encodes one ciphertext segment into n blocks, chk-format.md section 7: hash the unpadded
 * segment, zero-pad the tail to padded_tail, split into k blocks, compute n-k parity blocks,
 * hash every block (the tail block at its padded length).
 *
 * <p>Pure and thread-safe: segments of one file may be encoded on many worker threads at once.
 * Each call allocates the n-k parity blocks (and a padded copy for a short tail segment).
 */
public final class SegmentEncoder {
    private final FileGeometry geometry;
    private final ErasureCodec codec;

    public SegmentEncoder(FileGeometry geometry) {
        this(geometry, ErasureCodec.create(geometry.k(), geometry.n()));
    }

    public SegmentEncoder(FileGeometry geometry, ErasureCodec codec) {
        if (codec.k() != geometry.k() || codec.n() != geometry.n()) {
            throw new IllegalArgumentException("codec " + codec.k() + "-of-" + codec.n()
                    + " does not match geometry " + geometry.k() + "-of-" + geometry.n());
        }
        this.geometry = geometry;
        this.codec = codec;
    }

    public FileGeometry geometry() {
        return geometry;
    }

    /**
     * Encodes segment {@code index} whose ciphertext is {@code ciphertext[off, off+len)}.
     * For non-tail segments the data blocks of the result are views of {@code ciphertext}.
     *
     * @throws IllegalArgumentException if {@code len} is not this segment's length
     */
    public EncodedSegment encode(int index, byte[] ciphertext, int off, int len) {
        int expected = geometry.segmentLength(index);
        if (len != expected) {
            throw new IllegalArgumentException("segment " + index + " must be " + expected + " bytes, got " + len);
        }
        if (off < 0 || off > ciphertext.length - len) {
            throw new IndexOutOfBoundsException("segment bytes out of array bounds");
        }
        byte[] segmentHash = TaggedHash.hasher(Tags.CRYPTTEXT_SEGMENT).update(ciphertext, off, len).digest();
        int padded = geometry.paddedSegmentLength(index);
        byte[] data = ciphertext;
        int dataOff = off;
        if (padded != len) {
            data = new byte[padded];
            System.arraycopy(ciphertext, off, data, 0, len);
            dataOff = 0;
        }
        int k = geometry.k();
        int n = geometry.n();
        int b = geometry.blockLength(index);
        byte[][] parity = new byte[n - k][b];
        if (n > k) {
            codec.encode(data, dataOff, b, parity, 0);
        }
        byte[][] hashes = new byte[n][];
        for (int i = 0; i < n; i++) {
            byte[] arr = i < k ? data : parity[i - k];
            int from = i < k ? dataOff + i * b : 0;
            hashes[i] = TaggedHash.hasher(Tags.BLOCK).update(arr, from, b).digest();
        }
        return new EncodedSegment(index, k, segmentHash, data, dataOff, parity, b, hashes);
    }
}
