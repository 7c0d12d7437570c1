package org.lafs.chk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.util.Random;
import org.lafs.chk.share.ShareLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameters, geometry, key derivation and the seekable cipher. */
class PrimitivesOfChkTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|1|1|1|needed shares k=0 must be in 1..n (n=1)",
        "4|3|3|1|needed shares k=4 must be in 1..n (n=3)",
        "1|1|257|1|total shares n=257 must be in 1..256",
        "1|4|3|1|happy=4 must be in 1..n (n=3)",
        "1|0|3|1|happy=0 must be in 1..n (n=3)",
        "1|1|3|0|max segment size 0 must be in 1..134217728",
        "1|1|3|134217729|max segment size 134217729 must be in 1..134217728"})
    void parameterValidation(int k, int happy, int n, int seg, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> new EncodingParameters(k, happy, n, seg)).getMessage());
    }

    @Test
    void defaults() {
        assertEquals(new EncodingParameters(3, 7, 10, 131072), EncodingParameters.DEFAULTS);
    }

    @Test
    void geometry() {
        FileGeometry g = FileGeometry.of(131073, 3, 10, 131072);
        assertEquals(131073, g.segmentSize());
        assertEquals(1, g.numSegments());
        FileGeometry two = FileGeometry.of(131073, 2, 3, 131072);
        assertEquals(131072, two.segmentSize());
        assertEquals(2, two.numSegments());
        assertEquals(1, two.tailSize());
        assertEquals(2, two.paddedTail());
        assertEquals(1, two.tailBlockSize());
        assertEquals(65537, two.shareDataSize());
        assertEquals(131072, two.segmentOffset(1));
        assertEquals(65536, two.blockOffset(1));
        assertThrows(IndexOutOfBoundsException.class, () -> two.segmentLength(2));
        // exact multiple: the tail is a full segment
        FileGeometry exact = FileGeometry.of(3 * 999, 3, 10, 999);
        assertEquals(3, exact.numSegments());
        assertEquals(999, exact.tailSize());
    }

    @Test
    void tenGigabyteFileUsesV1AndLargerSharesUseV2() {
        FileGeometry g = EncodingParameters.DEFAULTS.geometry(10_000_000_000L);
        assertEquals(76_294, g.numSegments());
        assertEquals(1, ShareLayout.of(g).version());
        FileGeometry big = EncodingParameters.DEFAULTS.geometry(13_000_000_000L);
        ShareLayout l = ShareLayout.of(big);
        assertEquals(2, l.version());
        assertThrows(IllegalArgumentException.class, () -> ShareLayout.of(big, l.uebLength(), 1));
        assertEquals(big.shareDataSize() + 0x44, l.trailerOffset());
        assertThrows(IllegalArgumentException.class,
                () -> FileGeometry.of(1L << 50, 3, 10, 131072));
    }

    @Test
    void keyDerivationStreamsAndChecksLength() throws Exception {
        byte[] plain = new byte[300_000];
        new Random(1).nextBytes(plain);
        byte[] secret = new byte[32];
        EncodingParameters p = EncodingParameters.DEFAULTS;
        byte[] whole = ConvergentKey.derive(plain, secret, p);
        ConvergentKey.Deriver d = ConvergentKey.deriver(secret, p.geometry(plain.length));
        for (int i = 0; i < plain.length; i += 777) {
            d.update(plain, i, Math.min(777, plain.length - i));
        }
        assertArrayEquals(whole, d.finish());
        assertArrayEquals(whole, ConvergentKey.derive(new ByteArrayInputStream(plain), plain.length, secret, p));
        assertThrows(EOFException.class,
                () -> ConvergentKey.derive(new ByteArrayInputStream(plain), plain.length + 1L, secret, p));
        // segment size goes into the key: a different max that changes S changes the key
        byte[] other = ConvergentKey.derive(plain, secret, new EncodingParameters(3, 7, 10, 1 << 20));
        assertEquals(false, java.util.Arrays.equals(whole, other));
    }

    @Test
    void cipherIsSeekable() throws Exception {
        byte[] key = new byte[16];
        new Random(2).nextBytes(key);
        byte[] plain = new byte[5000];
        new Random(3).nextBytes(plain);
        byte[] full = plain.clone();
        CtrCipher.at(key, 0).apply(full, 0, full.length);
        for (int start : new int[] {1, 15, 16, 17, 4095, 4096, 4999}) {
            byte[] part = java.util.Arrays.copyOfRange(plain, start, plain.length);
            CtrCipher.at(key, start).apply(part, 0, part.length);
            assertArrayEquals(java.util.Arrays.copyOfRange(full, start, full.length), part, "offset " + start);
        }
        try (InputStream in = CtrCipher.stream(new ByteArrayInputStream(plain), key, 0)) {
            assertArrayEquals(full, in.readAllBytes());
        }
        byte[] back = full.clone();
        CtrCipher.at(key, 0).apply(back, 0, back.length);
        assertArrayEquals(plain, back);
    }
}
