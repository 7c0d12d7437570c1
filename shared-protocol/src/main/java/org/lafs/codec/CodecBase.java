package org.lafs.codec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What every codec shares: argument checks, the generator matrix, and decoding by matrix
 * inversion with a cache of prepared inverse rows per share subset. Subclasses supply the bulk
 * kernel: multiply a small coefficient matrix by k input blocks.
 *
 * <p>Immutable apart from the decode cache, which is guarded by its own lock; instances are
 * thread-safe.
 *
 * @param <P> a kernel's prepared form of a coefficient matrix (lookup tables)
 */
abstract class CodecBase<P> implements ErasureCodec {
    /**
     * Prepared decode matrices kept per codec. A helper decodes from few distinct share
     * subsets (usually the first k servers that answer), so a small cache catches nearly every
     * call while bounding memory: at most 64 entries of at most k*k*64 bytes of tables.
     */
    private static final int DECODE_CACHE_ENTRIES = 64;

    protected final int k;
    protected final int n;
    /** zfec's n x k generator; rows 0..k-1 are the identity. */
    protected final int[][] generator;
    /** Rows k..n-1 of the generator, prepared for the kernel. */
    private final P encodeRows;
    private final Map<ShareSet, Decoding<P>> decodings =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ShareSet, Decoding<P>> eldest) {
                    return size() > DECODE_CACHE_ENTRIES;
                }
            };

    CodecBase(int k, int n) {
        this.k = k;
        this.n = n;
        this.generator = ZfecMatrix.generator(k, n);
        this.encodeRows = prepare(Arrays.copyOfRange(generator, k, n));
    }

    /** Builds the kernel's tables for {@code rows} (each of length k, entries 0..255). */
    abstract P prepare(int[][] rows);

    /**
     * out[r][outOff[r] + i] = XOR over j of rows[r][j] * in[j][inOff[j] + i], for i < len and
     * every row r of the prepared matrix. Bounds are already checked by the caller.
     */
    abstract void multiply(P rows, byte[][] in, int[] inOff, int len, byte[][] out, int[] outOff);

    @Override
    public final int k() {
        return k;
    }

    @Override
    public final int n() {
        return n;
    }

    @Override
    public final void encode(byte[] src, int srcOffset, int blockSize, byte[][] parity, int parityOffset) {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(parity, "parity");
        checkBlockSize(blockSize);
        Objects.checkFromIndexSize(srcOffset, (long) k * blockSize > Integer.MAX_VALUE
                ? Integer.MAX_VALUE : k * blockSize, src.length);
        if (parity.length < n - k) {
            throw new IllegalArgumentException("need " + (n - k) + " parity arrays, got " + parity.length);
        }
        if (n == k || blockSize == 0) {
            return;
        }
        byte[][] in = new byte[k][];
        int[] inOff = new int[k];
        for (int j = 0; j < k; j++) {
            in[j] = src;
            inOff[j] = srcOffset + j * blockSize;
        }
        int[] outOff = new int[n - k];
        for (int r = 0; r < n - k; r++) {
            Objects.checkFromIndexSize(parityOffset, blockSize,
                    Objects.requireNonNull(parity[r], "parity block").length);
            outOff[r] = parityOffset;
        }
        multiply(encodeRows, in, inOff, blockSize, parity, outOff);
    }

    @Override
    public final void decode(byte[][] blocks, int[] shareNumbers, int blockSize, byte[] dst, int dstOffset) {
        Objects.requireNonNull(blocks, "blocks");
        Objects.requireNonNull(shareNumbers, "shareNumbers");
        Objects.requireNonNull(dst, "dst");
        if (blocks.length != k || shareNumbers.length != k) {
            throw new IllegalArgumentException("decode needs exactly k=" + k + " blocks and share numbers, got "
                    + blocks.length + " and " + shareNumbers.length);
        }
        checkBlockSize(blockSize);
        boolean[] seen = new boolean[n];
        for (int i = 0; i < k; i++) {
            int s = shareNumbers[i];
            if (s < 0 || s >= n || seen[s]) {
                throw new IllegalArgumentException("share numbers must be distinct and in 0.." + (n - 1)
                        + ", got " + Arrays.toString(shareNumbers));
            }
            seen[s] = true;
            Objects.checkFromIndexSize(0, blockSize, Objects.requireNonNull(blocks[i], "block").length);
        }
        Objects.checkFromIndexSize(dstOffset, (long) k * blockSize > Integer.MAX_VALUE
                ? Integer.MAX_VALUE : k * blockSize, dst.length);
        // Primary shares are the data itself: copy them, compute only the missing ones.
        for (int i = 0; i < k; i++) {
            int s = shareNumbers[i];
            if (s < k) {
                System.arraycopy(blocks[i], 0, dst, dstOffset + s * blockSize, blockSize);
            }
        }
        Decoding<P> d = decoding(shareNumbers);
        if (d.missing.length == 0 || blockSize == 0) {
            return;
        }
        byte[][] out = new byte[d.missing.length][];
        int[] outOff = new int[d.missing.length];
        for (int m = 0; m < d.missing.length; m++) {
            out[m] = dst;
            outOff[m] = dstOffset + d.missing[m] * blockSize;
        }
        multiply(d.rows, blocks, new int[k], blockSize, out, outOff);
    }

    private Decoding<P> decoding(int[] shareNumbers) {
        ShareSet key = new ShareSet(shareNumbers.clone());
        synchronized (decodings) {
            Decoding<P> d = decodings.get(key);
            if (d != null) {
                return d;
            }
        }
        Decoding<P> d = buildDecoding(shareNumbers);
        synchronized (decodings) {
            decodings.putIfAbsent(key, d);
        }
        return d;
    }

    /**
     * The rows of inverse(G restricted to the given shares) that rebuild the primary blocks not
     * among them. Row order of the inverse follows data block index; column order follows the
     * order of {@code shareNumbers}, which is the order of the caller's blocks.
     */
    private Decoding<P> buildDecoding(int[] shareNumbers) {
        int[][] sub = new int[k][];
        boolean[] present = new boolean[k];
        for (int i = 0; i < k; i++) {
            sub[i] = generator[shareNumbers[i]];
            if (shareNumbers[i] < k) {
                present[shareNumbers[i]] = true;
            }
        }
        int[][] inverse = GF256.invert(sub);
        int count = 0;
        for (boolean p : present) {
            count += p ? 0 : 1;
        }
        int[] missing = new int[count];
        int[][] rows = new int[count][];
        for (int j = 0, m = 0; j < k; j++) {
            if (!present[j]) {
                missing[m] = j;
                rows[m++] = inverse[j];
            }
        }
        return new Decoding<>(missing, count == 0 ? null : prepare(rows));
    }

    private static void checkBlockSize(int blockSize) {
        if (blockSize < 0) {
            throw new IllegalArgumentException("blockSize must be >= 0, got " + blockSize);
        }
    }

    /** Ordered share numbers as a map key (the order fixes the inverse's column order). */
    private record ShareSet(int[] shares) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ShareSet s && Arrays.equals(shares, s.shares);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(shares);
        }

        @Override
        public String toString() {
            return Arrays.toString(shares);
        }
    }

    /** The data block indexes to rebuild, and the prepared inverse rows that rebuild them. */
    private record Decoding<P>(int[] missing, P rows) {}
}
