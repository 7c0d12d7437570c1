package org.lafs.chk.encode;

import org.lafs.chk.FileGeometry;
import org.lafs.format.TaggedHash;

/**
 * Collects the per-segment hashes a finisher needs: segment hashes and the n block hashes of
 * every segment, in flat arrays (32 bytes per segment per share), so a 10 GB file at 128 KiB
 * segments costs about 2.5 MB per share.
 *
 * <p>Thread-safe: encoder threads may {@link #add} segments in any order.
 */
public final class SegmentHashes {
    private static final int H = TaggedHash.LENGTH;
    private final FileGeometry geometry;
    private final byte[] segmentHashes;
    private final byte[][] blockHashes;
    private final boolean[] present;
    private int count;

    public SegmentHashes(FileGeometry geometry) {
        this.geometry = geometry;
        this.segmentHashes = new byte[geometry.numSegments() * H];
        this.blockHashes = new byte[geometry.n()][geometry.numSegments() * H];
        this.present = new boolean[geometry.numSegments()];
    }

    public FileGeometry geometry() {
        return geometry;
    }

    /** Records the hashes of an encoded segment. */
    public void add(EncodedSegment s) {
        byte[][] blocks = new byte[geometry.n()][];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = s.blockHash(i);
        }
        add(s.index(), s.segmentHash(), blocks);
    }

    /**
     * Records segment {@code index}'s hash and its n block hashes (e.g. restored after a restart).
     *
     * @throws IllegalArgumentException on a bad index, wrong sizes, or a segment added twice
     */
    public synchronized void add(int index, byte[] segmentHash, byte[][] blockHashesOfSegment) {
        if (index < 0 || index >= present.length) {
            throw new IllegalArgumentException("segment " + index + " not in 0.." + (present.length - 1));
        }
        if (present[index]) {
            throw new IllegalArgumentException("segment " + index + " added twice");
        }
        if (segmentHash.length != H || blockHashesOfSegment.length != geometry.n()) {
            throw new IllegalArgumentException("need a 32-byte segment hash and n=" + geometry.n() + " block hashes");
        }
        for (byte[] b : blockHashesOfSegment) {
            if (b.length != H) {
                throw new IllegalArgumentException("block hashes must be 32 bytes");
            }
        }
        System.arraycopy(segmentHash, 0, segmentHashes, index * H, H);
        for (int i = 0; i < geometry.n(); i++) {
            System.arraycopy(blockHashesOfSegment[i], 0, blockHashes[i], index * H, H);
        }
        present[index] = true;
        count++;
    }

    public synchronized boolean isComplete() {
        return count == present.length;
    }

    /** Segment hashes, flat (32 bytes each, segment order). Call after completion. */
    synchronized byte[] segmentHashesFlat() {
        return segmentHashes;
    }

    /** Block hashes of share {@code shnum}, flat. Call after completion. */
    synchronized byte[] blockHashesFlat(int shnum) {
        return blockHashes[shnum];
    }
}
