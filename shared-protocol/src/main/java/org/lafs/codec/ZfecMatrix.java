package org.lafs.codec;

/**
 * zfec's systematic generator matrix {@code G = V * inverse(V_top)} for k-of-n, where V is the
 * n x k Vandermonde matrix on the points 0, 1, 2, 4, ... (0 then alpha^(r-1)); see
 * chk-format.md section 14. Rows 0..k-1 are the identity, rows k..n-1 produce the parity.
 */
public final class ZfecMatrix {
    /** zfec and Tahoe's CHK format allow at most 256 shares: one per field element. */
    public static final int MAX_SHARES = 256;

    private ZfecMatrix() {}

    /** The full n x k generator matrix, entries 0..255. */
    public static int[][] generator(int k, int n) {
        checkParameters(k, n);
        int[][] v = new int[n][k];
        for (int r = 0; r < n; r++) {
            int x = r == 0 ? 0 : GF256.exp(r - 1);
            for (int j = 0; j < k; j++) {
                v[r][j] = GF256.pow(x, j);
            }
        }
        int[][] top = new int[k][];
        System.arraycopy(v, 0, top, 0, k);
        int[][] topInverse = GF256.invert(top);
        int[][] g = new int[n][k];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < k; j++) {
                int acc = 0;
                for (int t = 0; t < k; t++) {
                    acc ^= GF256.mul(v[r][t], topInverse[t][j]);
                }
                g[r][j] = acc;
            }
        }
        return g;
    }

    /** Rows k..n-1 of the generator: the coefficients that produce parity blocks. */
    public static int[][] parityRows(int k, int n) {
        int[][] g = generator(k, n);
        int[][] p = new int[n - k][];
        System.arraycopy(g, k, p, 0, n - k);
        return p;
    }

    static void checkParameters(int k, int n) {
        if (k < 1 || n < k || n > MAX_SHARES) {
            throw new IllegalArgumentException("need 1 <= k <= n <= 256, got k=" + k + " n=" + n);
        }
    }
}
