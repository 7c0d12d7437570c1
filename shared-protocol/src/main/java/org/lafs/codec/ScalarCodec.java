package org.lafs.codec;

/**
 * Table-driven scalar codec: one 256-byte row of the multiplication table per coefficient,
 * one table lookup per input byte per parity row. Correct on every JVM; the reference the SIMD
 * path is tested against.
 */
public final class ScalarCodec implements ErasureCodec {
    private final int k;
    private final int n;
    /** Parity coefficients, {@code [row - k][j]}. */
    private final int[][] parity;
    private final int[][] generator;

    public ScalarCodec(int k, int n) {
        this.k = k;
        this.n = n;
        this.generator = ZfecMatrix.generator(k, n);
        this.parity = new int[n - k][];
        System.arraycopy(generator, k, parity, 0, n - k);
    }

    @Override
    public int k() {
        return k;
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public void encode(byte[] src, int srcOffset, int blockSize, byte[][] out, int outOffset) {
        for (int r = 0; r < n - k; r++) {
            multiplyRows(parity[r], src, srcOffset, blockSize, out[r], outOffset);
        }
    }

    /** dst = sum over j of coefficients[j] * (block j of src). */
    private void multiplyRows(int[] coefficients, byte[] src, int srcOffset, int blockSize,
                              byte[] dst, int dstOffset) {
        byte[] mul = GF256.MUL;
        for (int j = 0; j < k; j++) {
            int table = coefficients[j] << 8;
            int in = srcOffset + j * blockSize;
            if (j == 0) {
                for (int i = 0; i < blockSize; i++) {
                    dst[dstOffset + i] = mul[table | (src[in + i] & 0xff)];
                }
            } else {
                for (int i = 0; i < blockSize; i++) {
                    dst[dstOffset + i] ^= mul[table | (src[in + i] & 0xff)];
                }
            }
        }
    }

    @Override
    public void decode(byte[][] blocks, int[] shareNumbers, int blockSize, byte[] dst, int dstOffset) {
        if (blocks.length != k || shareNumbers.length != k) {
            throw new IllegalArgumentException("decode needs exactly k=" + k + " blocks");
        }
        int[][] sub = new int[k][];
        boolean[] seen = new boolean[n];
        for (int i = 0; i < k; i++) {
            int s = shareNumbers[i];
            if (s < 0 || s >= n || seen[s]) {
                throw new IllegalArgumentException("share numbers must be distinct and in 0.." + (n - 1));
            }
            seen[s] = true;
            sub[i] = generator[s];
        }
        int[][] inverse = GF256.invert(sub);
        byte[] mul = GF256.MUL;
        for (int j = 0; j < k; j++) {
            int out = dstOffset + j * blockSize;
            java.util.Arrays.fill(dst, out, out + blockSize, (byte) 0);
            for (int i = 0; i < k; i++) {
                int c = inverse[j][i];
                if (c == 0) {
                    continue;
                }
                int table = c << 8;
                byte[] b = blocks[i];
                for (int x = 0; x < blockSize; x++) {
                    dst[out + x] ^= mul[table | (b[x] & 0xff)];
                }
            }
        }
    }
}
