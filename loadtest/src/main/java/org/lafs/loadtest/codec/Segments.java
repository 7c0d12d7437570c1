package org.lafs.loadtest.codec;

import java.util.SplittableRandom;

/**
 * Random segments shaped as Tahoe feeds them to the codec: a segment of {@code segmentSize}
 * bytes is padded up to a multiple of k and split into k blocks of
 * {@code ceil(segmentSize / k)} bytes (chk-format.md, segmentation), so 128 KiB at k = 3 gives
 * 43691-byte blocks and 131073 bytes of codec input. Deterministic for a seed.
 */
public final class Segments {
    /** Tahoe's default maximum segment size, 128 KiB. */
    public static final int DEFAULT_SEGMENT = 128 * 1024;

    public final int k;
    public final int blockSize;
    /** Codec input bytes per segment: k * blockSize. */
    public final int inputBytes;
    private final byte[][] segments;

    public Segments(int k, int segmentSize, int count, long seed) {
        this.k = k;
        this.blockSize = (segmentSize + k - 1) / k;
        this.inputBytes = k * blockSize;
        this.segments = new byte[count][inputBytes];
        SplittableRandom random = new SplittableRandom(seed);
        for (byte[] s : segments) {
            for (int i = 0; i < s.length; i++) {
                s[i] = (byte) random.nextInt(256);
            }
        }
    }

    public int count() {
        return segments.length;
    }

    /** Segment {@code i mod count}, k blocks contiguous. */
    public byte[] get(int i) {
        return segments[Math.floorMod(i, segments.length)];
    }
}
