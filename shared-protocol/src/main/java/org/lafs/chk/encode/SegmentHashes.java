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
public final class SegmentHashes implements SegmentHashStore {
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

    @Override
    public FileGeometry geometry() {
        return geometry;
    }

    @Override
    public ShareTrailers finish(byte[] crypttextHash, org.lafs.chk.share.ShareLayout layout) {
        return ChkFinisher.finish(this, crypttextHash, layout);
    }

    /**
     * Records segment {@code index}'s hash and its n block hashes (e.g. restored after a restart).
     *
     * @throws IllegalArgumentException on a bad index, wrong sizes, or a segment added twice
     */
    @Override
    public synchronized void add(int index, byte[] segmentHash, byte[][] blockHashesOfSegment) {
        SegmentHashStore.check(geometry, index, segmentHash, blockHashesOfSegment);
        if (present[index]) {
            throw new IllegalArgumentException("segment " + index + " added twice");
        }
        System.arraycopy(segmentHash, 0, segmentHashes, index * H, H);
        for (int i = 0; i < geometry.n(); i++) {
            System.arraycopy(blockHashesOfSegment[i], 0, blockHashes[i], index * H, H);
        }
        present[index] = true;
        count++;
    }

    @Override
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
