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
 * <p>{@link CodecFactory} chooses it by default only on Java 21+ with the vector module in the
 * boot layer: on Java 17 the Vector API is an older incubator whose speed PERF-NOTES.md found
 * erratic (boxing); see docs/codec.md. It stays correct there, which the tests check.
 *
 * <p>Performance rules followed here (measured, see docs/codec.md): the species is a
 * {@code static final} constant (an instance field makes C2 box every vector), tables live in a
 * {@code byte[]} and are loaded with {@code fromArray}. Inputs are taken in passes of at most
 * four blocks: each input vector is loaded and split into nibbles once per pass and then serves
 * every output row, so k = 3 (Tahoe's default) is a single pass over its three inputs with no
 * loop-carried vectors; larger k add later passes into the output. Block tails shorter than a
 * vector use the scalar loop. The hot loops allocate nothing (JMH {@code -prof gc}: the ~110
 * bytes per call are the argument arrays). Immutable and thread-safe.
 */
final class VectorCodec extends CodecBase<VectorCodec.Tables> {
    /**
     * 256-bit vectors, or the widest the CPU has if narrower. On AVX2 a 32-byte
     * {@code selectFrom} is a short in-lane/cross-lane shuffle sequence and still beat 128-bit
     * vectors here; on AVX-512 machines PERF-NOTES.md measured the k = 3 loop fastest at 256
     * bits. {@code -Dlafs.codec.bits=128|256|512} overrides (benchmarks only).
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
            byte[] t = tables.t();
            int rows = tables.rows();
            // Inputs in passes of at most four: each input vector is loaded and split once per
            // pass and serves every row; passes after the first add into the output.
            for (int j = 0; j < k; j += 4) {
                boolean add = j > 0;
                switch (Math.min(4, k - j)) {
                    case 1 -> pass1(t, rows, k, j, in[j], inOff[j], bound, out, outOff, add);
                    case 2 -> pass2(t, rows, k, j, in[j], inOff[j], in[j + 1], inOff[j + 1], bound, out, outOff, add);
                    case 3 -> pass3(t, rows, k, j, in[j], inOff[j], in[j + 1], inOff[j + 1], in[j + 2], inOff[j + 2],
                            bound, out, outOff, add);
                    default -> pass4(t, rows, k, j, in[j], inOff[j], in[j + 1], inOff[j + 1], in[j + 2], inOff[j + 2],
                            in[j + 3], inOff[j + 3], bound, out, outOff, add);
                }
            }
        }
        if (bound < len) {
            scalarTail(tables.coef(), in, inOff, bound, len, out, outOff);
        }
    }

    /*
     * The pass kernels: for each vector position, load the pass's inputs, split them into
     * nibbles once, then for every row XOR the products (tables of row r and input j at
     * ((r*k + j) * 2) * L) and store, adding the output's previous value when {@code add}.
     * k = 3, Tahoe's default, is a single pass3.
     */

    private static void pass1(byte[] t, int rows, int k, int j0, byte[] a, int ao, int bound,
                              byte[][] out, int[] outOff, boolean add) {
        int rowStride = k * 2 * L;
        for (int i = 0; i < bound; i += L) {
            ByteVector va = ByteVector.fromArray(SPECIES, a, ao + i);
            ByteVector alo = va.and((byte) 0x0f);
            ByteVector ahi = va.lanewise(VectorOperators.LSHR, 4);
            for (int r = 0, tr = j0 * 2 * L; r < rows; r++, tr += rowStride) {
                store(lookup(t, tr, alo, ahi), out[r], outOff[r] + i, add);
            }
        }
    }

    private static void pass2(byte[] t, int rows, int k, int j0, byte[] a, int ao, byte[] b, int bo, int bound,
                              byte[][] out, int[] outOff, boolean add) {
        int rowStride = k * 2 * L;
        for (int i = 0; i < bound; i += L) {
            ByteVector va = ByteVector.fromArray(SPECIES, a, ao + i);
            ByteVector vb = ByteVector.fromArray(SPECIES, b, bo + i);
            ByteVector alo = va.and((byte) 0x0f);
            ByteVector ahi = va.lanewise(VectorOperators.LSHR, 4);
            ByteVector blo = vb.and((byte) 0x0f);
            ByteVector bhi = vb.lanewise(VectorOperators.LSHR, 4);
            for (int r = 0, tr = j0 * 2 * L; r < rows; r++, tr += rowStride) {
                ByteVector p = lookup(t, tr, alo, ahi)
                        .lanewise(VectorOperators.XOR, lookup(t, tr + 2 * L, blo, bhi));
                store(p, out[r], outOff[r] + i, add);
            }
        }
    }

    private static void pass3(byte[] t, int rows, int k, int j0, byte[] a, int ao, byte[] b, int bo,
                              byte[] c, int co, int bound, byte[][] out, int[] outOff, boolean add) {
        int rowStride = k * 2 * L;
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
            for (int r = 0, tr = j0 * 2 * L; r < rows; r++, tr += rowStride) {
                ByteVector p = lookup(t, tr, alo, ahi)
                        .lanewise(VectorOperators.XOR, lookup(t, tr + 2 * L, blo, bhi))
                        .lanewise(VectorOperators.XOR, lookup(t, tr + 4 * L, clo, chi));
                store(p, out[r], outOff[r] + i, add);
            }
        }
    }

    private static void pass4(byte[] t, int rows, int k, int j0, byte[] a, int ao, byte[] b, int bo,
                              byte[] c, int co, byte[] d, int dO, int bound, byte[][] out, int[] outOff, boolean add) {
        int rowStride = k * 2 * L;
        for (int i = 0; i < bound; i += L) {
            ByteVector va = ByteVector.fromArray(SPECIES, a, ao + i);
            ByteVector vb = ByteVector.fromArray(SPECIES, b, bo + i);
            ByteVector vc = ByteVector.fromArray(SPECIES, c, co + i);
            ByteVector vd = ByteVector.fromArray(SPECIES, d, dO + i);
            ByteVector alo = va.and((byte) 0x0f);
            ByteVector ahi = va.lanewise(VectorOperators.LSHR, 4);
            ByteVector blo = vb.and((byte) 0x0f);
            ByteVector bhi = vb.lanewise(VectorOperators.LSHR, 4);
            ByteVector clo = vc.and((byte) 0x0f);
            ByteVector chi = vc.lanewise(VectorOperators.LSHR, 4);
            ByteVector dlo = vd.and((byte) 0x0f);
            ByteVector dhi = vd.lanewise(VectorOperators.LSHR, 4);
            for (int r = 0, tr = j0 * 2 * L; r < rows; r++, tr += rowStride) {
                ByteVector p = lookup(t, tr, alo, ahi)
                        .lanewise(VectorOperators.XOR, lookup(t, tr + 2 * L, blo, bhi))
                        .lanewise(VectorOperators.XOR, lookup(t, tr + 4 * L, clo, chi))
                        .lanewise(VectorOperators.XOR, lookup(t, tr + 6 * L, dlo, dhi));
                store(p, out[r], outOff[r] + i, add);
            }
        }
    }

    private static void store(ByteVector p, byte[] o, int at, boolean add) {
        if (add) {
            p = p.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, o, at));
        }
        p.intoArray(o, at);
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
