package org.lafs.codec;

/**
 * Table-driven scalar codec. Correct on every JVM; the reference the SIMD codec is tested
 * against, and the codec used on Java 17 and wherever the Vector API module is absent.
 *
 * <p>Output rows are taken in groups of up to eight. For a group and input block j a 256-entry
 * {@code long} table holds, in byte g of entry x, the product {@code rows[g][j] * x}: one lookup
 * per input byte yields that byte's contribution to all eight rows at once, and XOR of the k
 * lookups gives eight output bytes. For 3-of-10 that is 3 lookups per byte position instead of
 * 21 (zfec's C core does 21). Lookups accumulate a chunk of positions in a small scratch array,
 * one input block at a time; then one shift-and-store loop per row (which C2 vectorises) spreads
 * the bytes to the rows. Storing the seven bytes of each position directly was 2x slower.
 * Immutable and thread-safe; the scratch array is allocated per call (8 KiB, not per byte).
 */
public final class ScalarCodec extends CodecBase<ScalarCodec.Tables> {
    /** Rows per group: one per byte of a {@code long}. */
    private static final int GROUP = 8;
    /**
     * Positions per pass in the generic path: 1024 longs of scratch (8 KiB) plus the k table
     * pages stay in L1 while the input blocks stream through once.
     */
    private static final int CHUNK = 1024;

    public ScalarCodec(int k, int n) {
        super(k, n);
    }

    /**
     * {@code groups[g][j]}: the 256-entry table of input j for rows 8g..8g+7; {@code rows} is
     * the number of rows.
     */
    record Tables(int rows, long[][][] groups) {}

    @Override
    Tables prepare(int[][] rows) {
        int groups = (rows.length + GROUP - 1) / GROUP;
        long[][][] t = new long[groups][k][256];
        for (int r = 0; r < rows.length; r++) {
            int shift = (r % GROUP) * 8;
            for (int j = 0; j < k; j++) {
                long[] table = t[r / GROUP][j];
                for (int x = 0; x < 256; x++) {
                    table[x] |= (long) GF256.mul(rows[r][j], x) << shift;
                }
            }
        }
        return new Tables(rows.length, t);
    }

    @Override
    void multiply(Tables tables, byte[][] in, int[] inOff, int len, byte[][] out, int[] outOff) {
        long[][][] groups = tables.groups();
        long[] scratch = new long[Math.min(CHUNK, len)];
        for (int g = 0; g < groups.length; g++) {
            int r0 = g * GROUP;
            int size = Math.min(GROUP, tables.rows() - r0);
            for (int from = 0; from < len; from += CHUNK) {
                int count = Math.min(CHUNK, len - from);
                accumulate(groups[g], in, inOff, from, count, scratch);
                for (int s = 0; s < size; s++) {
                    scatter(scratch, count, s * 8, out[r0 + s], outOff[r0 + s] + from);
                }
            }
        }
    }

    /** scratch[i] = XOR over j of t[j][in_j[from + i]], for i < count. */
    private void accumulate(long[][] t, byte[][] in, int[] inOff, int from, int count, long[] scratch) {
        long[] t0 = t[0];
        byte[] a = in[0];
        int ao = inOff[0] + from;
        for (int i = 0; i < count; i++) {
            scratch[i] = t0[a[ao + i] & 0xff];
        }
        for (int j = 1; j < k; j++) {
            long[] tj = t[j];
            byte[] b = in[j];
            int bo = inOff[j] + from;
            for (int i = 0; i < count; i++) {
                scratch[i] ^= tj[b[bo + i] & 0xff];
            }
        }
    }

    private static void scatter(long[] scratch, int count, int shift, byte[] d, int dOff) {
        for (int i = 0; i < count; i++) {
            d[dOff + i] = (byte) (scratch[i] >>> shift);
        }
    }
}
