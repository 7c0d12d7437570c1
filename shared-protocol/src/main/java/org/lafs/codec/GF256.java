package org.lafs.codec;

/**
 * Arithmetic in GF(2^8) with zfec's reduction polynomial x^8+x^4+x^3+x^2+1 (0x11d) and
 * generator 2 (chk-format.md section 14). Pure, thread-safe tables.
 */
public final class GF256 {
    /** zfec's field polynomial, including the x^8 term. */
    static final int POLYNOMIAL = 0x11d;

    static final byte[] EXP = new byte[510];
    static final int[] LOG = new int[256];
    /** Full multiplication table: {@code MUL[a << 8 | b] = a * b}. 64 KiB, shared. */
    static final byte[] MUL = new byte[256 * 256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = (byte) x;
            EXP[i + 255] = (byte) x;
            LOG[x] = i;
            x <<= 1;
            if ((x & 0x100) != 0) {
                x ^= POLYNOMIAL;
            }
        }
        for (int a = 1; a < 256; a++) {
            for (int b = 1; b < 256; b++) {
                MUL[a << 8 | b] = EXP[LOG[a] + LOG[b]];
            }
        }
    }

    private GF256() {}

    public static int mul(int a, int b) {
        return MUL[(a & 0xff) << 8 | (b & 0xff)] & 0xff;
    }

    /** alpha^e for e >= 0. */
    public static int exp(int e) {
        return EXP[e % 255] & 0xff;
    }

    public static int inverse(int a) {
        if (a == 0) {
            throw new ArithmeticException("0 has no inverse in GF(2^8)");
        }
        return EXP[255 - LOG[a]] & 0xff;
    }

    /** a^e, with 0^0 = 1 as the Vandermonde construction needs. */
    public static int pow(int a, int e) {
        if (e == 0) {
            return 1;
        }
        if (a == 0) {
            return 0;
        }
        return EXP[(int) ((long) LOG[a] * e % 255)] & 0xff;
    }

    /**
     * Inverts a square matrix in place-free Gauss-Jordan elimination.
     *
     * @throws ArithmeticException if the matrix is singular
     */
    public static int[][] invert(int[][] m) {
        int size = m.length;
        int[][] a = new int[size][];
        int[][] inv = new int[size][size];
        for (int i = 0; i < size; i++) {
            a[i] = m[i].clone();
            inv[i][i] = 1;
        }
        for (int col = 0; col < size; col++) {
            int pivot = col;
            while (pivot < size && a[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == size) {
                throw new ArithmeticException("singular matrix");
            }
            int[] t = a[col]; a[col] = a[pivot]; a[pivot] = t;
            t = inv[col]; inv[col] = inv[pivot]; inv[pivot] = t;
            int scale = inverse(a[col][col]);
            for (int j = 0; j < size; j++) {
                a[col][j] = mul(a[col][j], scale);
                inv[col][j] = mul(inv[col][j], scale);
            }
            for (int row = 0; row < size; row++) {
                int f = a[row][col];
                if (row != col && f != 0) {
                    for (int j = 0; j < size; j++) {
                        a[row][j] ^= mul(f, a[col][j]);
                        inv[row][j] ^= mul(f, inv[col][j]);
                    }
                }
            }
        }
        return inv;
    }
}
