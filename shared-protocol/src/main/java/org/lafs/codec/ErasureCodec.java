package org.lafs.codec;

/**
 * A zfec-compatible systematic k-of-n erasure code over GF(2^8).
 *
 * <p>Blocks are byte ranges of equal length. Share numbers 0..k-1 are the input blocks
 * themselves; {@link #encode} computes shares k..n-1. Implementations are immutable and
 * thread-safe: one instance may encode many segments on many threads at once.
 */
public interface ErasureCodec {

    int k();

    int n();

    /**
     * Computes the n-k parity blocks of one segment.
     *
     * @param src the k input blocks, contiguous: block j is {@code src[srcOffset + j*blockSize ..]}
     * @param parity n-k arrays; parity block r-k (share r) is written to
     *     {@code parity[r-k][parityOffset .. parityOffset+blockSize)}
     */
    void encode(byte[] src, int srcOffset, int blockSize, byte[][] parity, int parityOffset);

    /**
     * Recovers the k input blocks from any k distinct shares.
     *
     * @param blocks k blocks, each {@code blockSize} bytes from offset 0
     * @param shareNumbers the share number of each block, distinct, in 0..n-1
     * @param dst receives the k input blocks contiguously from {@code dstOffset}
     */
    void decode(byte[][] blocks, int[] shareNumbers, int blockSize, byte[] dst, int dstOffset);

    /** The fastest correct codec for this JVM: the SIMD one on Java 21+, scalar otherwise. */
    static ErasureCodec create(int k, int n) {
        return CodecFactory.create(k, n);
    }
}
