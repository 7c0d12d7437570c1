package org.lafs.upload;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * What the finisher needs from one acknowledged segment: the segment hash and the n block
 * hashes (32 bytes each; chk-format.md section 7). Immutable.
 */
public record SegmentRecord(byte[] segmentHash, byte[][] blockHashes) {
    private static final int H = 32;
    private static final int FORMAT = 1;

    public SegmentRecord {
        if (segmentHash.length != H) {
            throw new IllegalArgumentException("segment hash must be 32 bytes");
        }
        if (blockHashes.length < 1 || blockHashes.length > 256) {
            throw new IllegalArgumentException("need 1..256 block hashes, got " + blockHashes.length);
        }
        segmentHash = segmentHash.clone();
        byte[][] copy = new byte[blockHashes.length][];
        for (int i = 0; i < copy.length; i++) {
            if (blockHashes[i].length != H) {
                throw new IllegalArgumentException("block hash " + i + " must be 32 bytes");
            }
            copy[i] = blockHashes[i].clone();
        }
        blockHashes = copy;
    }

    @Override
    public byte[] segmentHash() {
        return segmentHash.clone();
    }

    @Override
    public byte[][] blockHashes() {
        byte[][] copy = new byte[blockHashes.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = blockHashes[i].clone();
        }
        return copy;
    }

    /** A compact stable encoding for journals: version byte, n, segment hash, block hashes. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2 + H * (1 + blockHashes.length));
        bytes.write(FORMAT);
        bytes.write(blockHashes.length - 1);
        bytes.writeBytes(segmentHash);
        for (byte[] b : blockHashes) {
            bytes.writeBytes(b);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException if {@code bytes} is not a {@link #toBytes()} encoding */
    public static SegmentRecord fromBytes(byte[] bytes) {
        if (bytes.length < 2 || bytes[0] != FORMAT) {
            throw new IllegalArgumentException("not a segment record");
        }
        int n = (bytes[1] & 0xff) + 1;
        if (bytes.length != 2 + H * (n + 1)) {
            throw new IllegalArgumentException("segment record has " + bytes.length + " bytes, expected " + (2 + H * (n + 1)));
        }
        byte[][] blocks = new byte[n][];
        for (int i = 0; i < n; i++) {
            blocks[i] = Arrays.copyOfRange(bytes, 2 + H * (i + 1), 2 + H * (i + 2));
        }
        return new SegmentRecord(Arrays.copyOfRange(bytes, 2, 2 + H), blocks);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentRecord r && Arrays.equals(segmentHash, r.segmentHash)
                && Arrays.deepEquals(blockHashes, r.blockHashes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(segmentHash);
    }

    @Override
    public String toString() {
        return "SegmentRecord[" + blockHashes.length + " block hashes]";
    }

}
