package org.lafs.chk.encode;

import org.lafs.chk.FileGeometry;
import org.lafs.chk.share.ShareLayout;

/**
 * Where an upload keeps each segment's hash and n block hashes until its finish: in the heap
 * ({@link SegmentHashes}, 352 bytes per segment for 3-of-10) or in a scratch file
 * ({@link FileSegmentHashes}, constant heap whatever the file size).
 */
public interface SegmentHashStore {
    FileGeometry geometry();

    /** Records the hashes of an encoded segment. */
    default void add(EncodedSegment s) {
        byte[][] blocks = new byte[geometry().n()][];
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
    void add(int index, byte[] segmentHash, byte[][] blockHashesOfSegment);

    boolean isComplete();

    /** Builds the trees, UEB and trailers (chk-format.md sections 8, 9, 11.3). Blocking. */
    ShareTrailers finish(byte[] crypttextHash, ShareLayout layout);

    /** Validates the arguments of {@link #add(int, byte[], byte[][])}. */
    static void check(FileGeometry g, int index, byte[] segmentHash, byte[][] blockHashesOfSegment) {
        if (index < 0 || index >= g.numSegments()) {
            throw new IllegalArgumentException("segment " + index + " not in 0.." + (g.numSegments() - 1));
        }
        if (segmentHash.length != 32 || blockHashesOfSegment.length != g.n()) {
            throw new IllegalArgumentException("need a 32-byte segment hash and n=" + g.n() + " block hashes");
        }
        for (byte[] b : blockHashesOfSegment) {
            if (b.length != 32) {
                throw new IllegalArgumentException("block hashes must be 32 bytes");
            }
        }
    }
}
