package org.lafs.chk;

/**
 * The user-chosen CHK encoding parameters: {@code k} shares needed, {@code happy} (placement
 * only), {@code n} shares in total and the configured maximum segment size.
 *
 * <p>Bounds come from chk-format.md section 3: {@code 1 <= k <= n <= 256} (CHK allows 256,
 * zfec's limit) and {@code 1 <= happy <= n}. The maximum segment size is bounded by
 * {@link #MAX_SEGMENT_SIZE} so that one segment, its n blocks and a few spares fit comfortably
 * in a heap. {@code happy} is not part of the format or the key (section 3).
 */
public record EncodingParameters(int k, int happy, int n, int maxSegmentSize) {

    /** Largest accepted configured segment size: 128 MiB (our own memory bound, not Tahoe's). */
    public static final int MAX_SEGMENT_SIZE = 128 << 20;

    /** Largest share count: zfec's GF(2^8) has 256 evaluation points (section 14). */
    public static final int MAX_SHARES = 256;

    /**
     * Tahoe's classic defaults 3-of-10, happy 7, 128 KiB segments. These are the values the test
     * vectors use; Tahoe 1.19+ defaults to 1 MiB segments, which gives different caps (section 3).
     */
    public static final EncodingParameters DEFAULTS = new EncodingParameters(3, 7, 10, 131072);

    public EncodingParameters {
        if (n < 1 || n > MAX_SHARES) {
            throw new IllegalArgumentException("total shares n=" + n + " must be in 1.." + MAX_SHARES);
        }
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("needed shares k=" + k + " must be in 1..n (n=" + n + ")");
        }
        if (happy < 1 || happy > n) {
            throw new IllegalArgumentException("happy=" + happy + " must be in 1..n (n=" + n + ")");
        }
        if (maxSegmentSize < 1 || maxSegmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("max segment size " + maxSegmentSize
                    + " must be in 1.." + MAX_SEGMENT_SIZE);
        }
    }

    /** The geometry of a file of {@code size} bytes under these parameters. */
    public FileGeometry geometry(long size) {
        return FileGeometry.of(size, k, n, maxSegmentSize);
    }
}
