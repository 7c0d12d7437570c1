package org.lafs.chk.encode;

import java.nio.ByteBuffer;

/**
 * One erasure-coded segment (chk-format.md section 7): its hash over the unpadded ciphertext,
 * n blocks and their hashes. Blocks 0..k-1 are views of the (padded) segment data; blocks
 * k..n-1 are parity arrays owned by this object.
 *
 * <p>Immutable by contract: the caller must not modify the ciphertext array it passed to
 * {@link SegmentEncoder#encode} while this object is in use. Safe to read from several threads.
 */
public final class EncodedSegment {
    private final int index;
    private final int k;
    private final byte[] segmentHash;
    private final byte[] data;
    private final int dataOffset;
    private final byte[][] parity;
    private final int blockLength;
    private final byte[][] blockHashes;

    EncodedSegment(int index, int k, byte[] segmentHash, byte[] data, int dataOffset, byte[][] parity,
                   int blockLength, byte[][] blockHashes) {
        this.index = index;
        this.k = k;
        this.segmentHash = segmentHash;
        this.data = data;
        this.dataOffset = dataOffset;
        this.parity = parity;
        this.blockLength = blockLength;
        this.blockHashes = blockHashes;
    }

    public int index() {
        return index;
    }

    /** Number of blocks (n). */
    public int blockCount() {
        return blockHashes.length;
    }

    /** {@code H("allmydata_crypttext_segment_v1", unpadded segment)}. */
    public byte[] segmentHash() {
        return segmentHash.clone();
    }

    /** Length of every block of this segment (block_size, or tail_block_size for the last). */
    public int blockLength() {
        return blockLength;
    }

    /** {@code H("allmydata_encoded_subshare_v1", block shnum)}. */
    public byte[] blockHash(int shnum) {
        return blockHashes[shnum].clone();
    }

    /** The array holding block {@code shnum} (zero-copy; do not modify). */
    public byte[] blockArray(int shnum) {
        return shnum < k ? data : parity[shnum - k];
    }

    /** Offset of block {@code shnum} in {@link #blockArray(int)}. */
    public int blockArrayOffset(int shnum) {
        return shnum < k ? dataOffset + shnum * blockLength : 0;
    }

    /** A read-only view of block {@code shnum}. */
    public ByteBuffer block(int shnum) {
        return ByteBuffer.wrap(blockArray(shnum), blockArrayOffset(shnum), blockLength).slice().asReadOnlyBuffer();
    }

    /** A copy of block {@code shnum}. */
    public byte[] blockCopy(int shnum) {
        byte[] out = new byte[blockLength];
        System.arraycopy(blockArray(shnum), blockArrayOffset(shnum), out, 0, blockLength);
        return out;
    }
}
