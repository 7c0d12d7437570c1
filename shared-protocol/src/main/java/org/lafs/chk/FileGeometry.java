package org.lafs.chk;

/**
 * Sizes derived from (file size, k, n, max segment size): chk-format.md sections 3.1 and 3.2.
 *
 * <p>{@code segmentSize} is the effective segment size S = roundup(min(max, size), k), which
 * may exceed the configured maximum. Pure value; thread-safe.
 *
 * @param size file size in bytes (>= 1)
 * @param segmentSize S, a multiple of k
 * @param numSegments ceil(size / S)
 * @param tailSize bytes in the last segment, 1..S
 * @param paddedTail tailSize rounded up to a multiple of k
 * @param blockSize S / k, the block of every segment but the last
 * @param tailBlockSize paddedTail / k
 * @param shareDataSize bytes of block data per share, ceil(size / k)
 */
public record FileGeometry(long size, int k, int n, int segmentSize, int numSegments, int tailSize,
                           int paddedTail, int blockSize, int tailBlockSize, long shareDataSize) {

    /**
     * Most segments accepted. Each share carries two segment-indexed hash trees of
     * (2*next_pow2(numSegments)-1)*32 bytes, built in memory by the finisher; 2^22 segments keeps
     * one share's trailer under ~800 MiB and still allows 512 GiB at 128 KiB segments.
     */
    public static final int MAX_SEGMENTS = 1 << 22;

    public FileGeometry {
        if (size < 1) {
            throw new IllegalArgumentException("file size must be >= 1, got " + size);
        }
    }

    /** Computes the geometry; validates k, n and the segment-count bound. */
    public static FileGeometry of(long size, int k, int n, int maxSegmentSize) {
        if (size < 1) {
            throw new IllegalArgumentException("file size must be >= 1, got " + size);
        }
        if (n < 1 || n > EncodingParameters.MAX_SHARES || k < 1 || k > n) {
            throw new IllegalArgumentException("need 1 <= k <= n <= 256, got k=" + k + " n=" + n);
        }
        if (maxSegmentSize < 1) {
            throw new IllegalArgumentException("max segment size must be >= 1, got " + maxSegmentSize);
        }
        long s = roundUp(Math.min(maxSegmentSize, size), k);
        if (s > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("segment size " + s + " too large");
        }
        long segments = (size + s - 1) / s;
        if (segments > MAX_SEGMENTS) {
            throw new IllegalArgumentException("file of " + size + " bytes needs " + segments
                    + " segments of " + s + " bytes; at most " + MAX_SEGMENTS + " are supported");
        }
        int seg = (int) s;
        int num = (int) segments;
        int tail = (int) (size - (num - 1L) * seg);
        int paddedTail = (int) roundUp(tail, k);
        int block = seg / k;
        int tailBlock = paddedTail / k;
        long shareData = (num - 1L) * block + tailBlock;
        return new FileGeometry(size, k, n, seg, num, tail, paddedTail, block, tailBlock, shareData);
    }

    static long roundUp(long x, int k) {
        return (x + k - 1) / k * k;
    }

    /** Offset of segment {@code i} in the file / ciphertext. */
    public long segmentOffset(int i) {
        checkSegment(i);
        return (long) i * segmentSize;
    }

    /** Unpadded length of segment {@code i}: S, or {@code tailSize} for the last one. */
    public int segmentLength(int i) {
        checkSegment(i);
        return i == numSegments - 1 ? tailSize : segmentSize;
    }

    /** Padded length (FEC input) of segment {@code i}: S, or {@code paddedTail}. */
    public int paddedSegmentLength(int i) {
        checkSegment(i);
        return i == numSegments - 1 ? paddedTail : segmentSize;
    }

    /** Length of each of the n blocks of segment {@code i}. */
    public int blockLength(int i) {
        checkSegment(i);
        return i == numSegments - 1 ? tailBlockSize : blockSize;
    }

    /** Offset of the block of segment {@code i} inside a share's data region. */
    public long blockOffset(int i) {
        checkSegment(i);
        return (long) i * blockSize;
    }

    private void checkSegment(int i) {
        if (i < 0 || i >= numSegments) {
            throw new IndexOutOfBoundsException("segment " + i + " not in 0.." + (numSegments - 1));
        }
    }
}
