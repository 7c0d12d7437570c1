package org.lafs.codec;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD codec on the Vector API (jdk.incubator.vector) using split-nibble table lookups: for
 * every coefficient c two 16-entry tables, {@code c*x} and {@code c*(x<<4)} for x in 0..15, so
 * {@code c*b = lo[b & 15] ^ hi[b >>> 4]}, each lookup one {@code selectFrom} (a byte shuffle).
 * Output is byte-for-byte that of {@link ScalarCodec}.
 *
 * <p>Only {@link CodecFactory} creates it, and only on Java 21+ with the vector module in the
 * boot layer: on Java 17 the Vector API boxes its vectors and runs slower than the scalar loop
 * (see docs/codec.md). It stays correct there, which the tests check.
 *
 * <p>Performance rules followed here (measured, see docs/codec.md): the species is a
 * {@code static final} constant (an instance field makes C2 box every vector), tables live in a
 * {@code byte[]} and are loaded with {@code fromArray}, k = 3 (Tahoe's default) has a kernel
 * that loads each input vector once for all parity rows, other k fold four output rows per pass
 * over the input. Block tails shorter than a vector use the scalar loop. Immutable and
 * thread-safe.
 */
final class VectorCodec extends CodecBase<VectorCodec.Tables> {
    /**
     * 256-bit vectors: with AVX2 a 32-byte {@code selectFrom} is a handful of instructions; the
     * 512-bit form needs AVX-512 VBMI to be one instruction and measured slower without it.
     * {@code -Dlafs.codec.bits=128|256|512} overrides (benchmarks only).
     */
    static final VectorSpecies<Byte> SPECIES = chooseSpecies();
    private static final int L = SPECIES.length();

    VectorCodec(int k, int n) {
        super(k, n);
    }

    private static VectorSpecies<Byte> chooseSpecies() {
        int bits = Integer.getInteger("lafs.codec.bits", 256);
        int preferred = ByteVector.SPECIES_PREFERRED.vectorBitSize();
        bits = Math.min(bits, preferred);
        return bits >= 512 ? ByteVector.SPECIES_512 : bits >= 256 ? ByteVector.SPECIES_256 : ByteVector.SPECIES_128;
    }

    /**
     * Nibble tables of an r x k matrix: for row r and input j, at {@code ((r*k + j) * 2) * L}
     * the low-nibble table (L bytes, the 16 products repeated), then the high-nibble table.
     * {@code coef} keeps the plain matrix for the scalar tail.
     */
    record Tables(int rows, byte[] t, int[][] coef) {}

    @Override
    Tables prepare(int[][] rows) {
        byte[] t = new byte[rows.length * k * 2 * L];
        for (int r = 0; r < rows.length; r++) {
            for (int j = 0; j < k; j++) {
                int c = rows[r][j];
                int at = (r * k + j) * 2 * L;
                for (int x = 0; x < L; x++) {
                    t[at + x] = (byte) GF256.mul(c, x & 15);
                    t[at + L + x] = (byte) GF256.mul(c, (x & 15) << 4);
                }
            }
        }
        return new Tables(rows.length, t, rows);
    }

    @Override
    void multiply(Tables tables, byte[][] in, int[] inOff, int len, byte[][] out, int[] outOff) {
        int bound = SPECIES.loopBound(len);
        if (bound > 0) {
            if (k == 3) {
                multiply3(tables.t(), tables.rows(), in[0], inOff[0], in[1], inOff[1], in[2], inOff[2],
                        bound, out, outOff);
            } else {
                int r = 0;
                for (; r + 4 <= tables.rows(); r += 4) {
                    group4(tables.t(), r, k, in, inOff, bound, out, outOff);
                }
                for (; r < tables.rows(); r++) {
                    group1(tables.t(), r, k, in, inOff, bound, out[r], outOff[r]);
                }
            }
        }
        if (bound < len) {
            scalarTail(tables.coef(), in, inOff, bound, len, out, outOff);
        }
    }

    /** k = 3: load the three inputs once per position, then produce every row from registers. */
    private static void multiply3(byte[] t, int rows, byte[] a, int ao, byte[] b, int bo, byte[] c, int co,
                                  int bound, byte[][] out, int[] outOff) {
        for (int i = 0; i < bound; i += L) {
            ByteVector va = ByteVector.fromArray(SPECIES, a, ao + i);
            ByteVector vb = ByteVector.fromArray(SPECIES, b, bo + i);
            ByteVector vc = ByteVector.fromArray(SPECIES, c, co + i);
            ByteVector alo = va.and((byte) 0x0f);
            ByteVector ahi = va.lanewise(VectorOperators.LSHR, 4);
            ByteVector blo = vb.and((byte) 0x0f);
            ByteVector bhi = vb.lanewise(VectorOperators.LSHR, 4);
            ByteVector clo = vc.and((byte) 0x0f);
            ByteVector chi = vc.lanewise(VectorOperators.LSHR, 4);
            for (int r = 0, tr = 0; r < rows; r++, tr += 6 * L) {
                ByteVector p = lookup(t, tr, alo, ahi)
                        .lanewise(VectorOperators.XOR, lookup(t, tr + 2 * L, blo, bhi))
                        .lanewise(VectorOperators.XOR, lookup(t, tr + 4 * L, clo, chi));
                p.intoArray(out[r], outOff[r] + i);
            }
        }
    }

    /** Rows r0..r0+3 in one pass over the k inputs: four accumulators, each input loaded once. */
    private static void group4(byte[] t, int r0, int k, byte[][] in, int[] inOff, int bound,
                               byte[][] out, int[] outOff) {
        int rowStride = k * 2 * L;
        int t0 = r0 * rowStride;
        byte[] o0 = out[r0], o1 = out[r0 + 1], o2 = out[r0 + 2], o3 = out[r0 + 3];
        int p0 = outOff[r0], p1 = outOff[r0 + 1], p2 = outOff[r0 + 2], p3 = outOff[r0 + 3];
        for (int i = 0; i < bound; i += L) {
            ByteVector acc0 = ByteVector.zero(SPECIES);
            ByteVector acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int j = 0, tj = t0; j < k; j++, tj += 2 * L) {
                ByteVector v = ByteVector.fromArray(SPECIES, in[j], inOff[j] + i);
                ByteVector lo = v.and((byte) 0x0f);
                ByteVector hi = v.lanewise(VectorOperators.LSHR, 4);
                acc0 = acc0.lanewise(VectorOperators.XOR, lookup(t, tj, lo, hi));
                acc1 = acc1.lanewise(VectorOperators.XOR, lookup(t, tj + rowStride, lo, hi));
                acc2 = acc2.lanewise(VectorOperators.XOR, lookup(t, tj + 2 * rowStride, lo, hi));
                acc3 = acc3.lanewise(VectorOperators.XOR, lookup(t, tj + 3 * rowStride, lo, hi));
            }
            acc0.intoArray(o0, p0 + i);
            acc1.intoArray(o1, p1 + i);
            acc2.intoArray(o2, p2 + i);
            acc3.intoArray(o3, p3 + i);
        }
    }

    private static void group1(byte[] t, int r, int k, byte[][] in, int[] inOff, int bound, byte[] o, int p) {
        int t0 = r * k * 2 * L;
        for (int i = 0; i < bound; i += L) {
            ByteVector acc = ByteVector.zero(SPECIES);
            for (int j = 0, tj = t0; j < k; j++, tj += 2 * L) {
                ByteVector v = ByteVector.fromArray(SPECIES, in[j], inOff[j] + i);
                acc = acc.lanewise(VectorOperators.XOR,
                        lookup(t, tj, v.and((byte) 0x0f), v.lanewise(VectorOperators.LSHR, 4)));
            }
            acc.intoArray(o, p + i);
        }
    }

    /** c*v from c's nibble tables at {@code at}, given v's low and high nibbles. */
    private static ByteVector lookup(byte[] t, int at, ByteVector lo, ByteVector hi) {
        return lo.selectFrom(ByteVector.fromArray(SPECIES, t, at))
                .lanewise(VectorOperators.XOR, hi.selectFrom(ByteVector.fromArray(SPECIES, t, at + L)));
    }

    private static void scalarTail(int[][] coef, byte[][] in, int[] inOff, int from, int to,
                                   byte[][] out, int[] outOff) {
        byte[] mul = GF256.MUL;
        for (int r = 0; r < coef.length; r++) {
            int[] row = coef[r];
            for (int i = from; i < to; i++) {
                int acc = 0;
                for (int j = 0; j < row.length; j++) {
                    acc ^= mul[row[j] << 8 | (in[j][inOff[j] + i] & 0xff)];
                }
                out[r][outOff[r] + i] = (byte) acc;
            }
        }
    }
}
