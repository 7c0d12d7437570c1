package org.lafs.chk.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.encode.ChkEncodeResult;
import org.lafs.chk.encode.ChkEncoder;
import org.lafs.codec.ErasureCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flipping any single byte of a share (every position is tried) makes verification fail. */
class TamperTest {

    @ParameterizedTest(name = "{0}-of-{1} size {2} seg {3} v{4}")
    @CsvSource({"3, 10, 200, 60, 1", "3, 10, 200, 60, 2", "1, 1, 56, 131072, 1", "2, 5, 301, 100, 1"})
    void everyFlippedByteIsDetected(int k, int n, int size, int seg, int version) throws Exception {
        byte[] ct = new byte[size];
        new Random(size).nextBytes(ct);
        FileGeometry g = new EncodingParameters(k, n, n, seg).geometry(size);
        ByteArrayOutputStream[] out = new ByteArrayOutputStream[n];
        for (int i = 0; i < n; i++) {
            out[i] = new ByteArrayOutputStream();
        }
        ShareLayout layout = ShareLayout.of(g, UriExtension.serializedLength(g), version);
        ChkEncodeResult r = ChkEncoder.encode(new ByteArrayInputStream(ct), g,
                (sh, o, d, off, len) -> out[sh].write(d, off, len), layout, ErasureCodec.create(k, n));
        for (int sh : new int[] {0, n - 1}) {
            byte[] share = out[sh].toByteArray();
            ShareVerifier.verify(ShareSource.of(share), sh, r.uebHash());
            for (int pos = 0; pos < share.length; pos++) {
                for (int bit : new int[] {0x01, 0x80}) {
                    byte[] bad = share.clone();
                    bad[pos] ^= (byte) bit;
                    int at = pos;
                    assertThrows(CorruptShareException.class,
                            () -> ShareVerifier.verify(ShareSource.of(bad), sh, r.uebHash()),
                            "flip of bit " + bit + " at byte " + at + " of share " + sh + " undetected");
                }
            }
            // truncation, extension, wrong share number and wrong UEB hash are detected too
            assertThrows(CorruptShareException.class, () ->
                    ShareVerifier.verify(ShareSource.of(Arrays.copyOf(share, share.length - 1)), sh, r.uebHash()));
            assertThrows(CorruptShareException.class, () ->
                    ShareVerifier.verify(ShareSource.of(Arrays.copyOf(share, share.length + 1)), sh, r.uebHash()));
            if (n > 1) {
                assertThrows(CorruptShareException.class, () ->
                        ShareVerifier.verify(ShareSource.of(share), (sh + 1) % n, r.uebHash()));
            }
            byte[] otherHash = r.uebHash();
            otherHash[0] ^= 1;
            assertThrows(CorruptShareException.class, () -> ShareVerifier.verify(ShareSource.of(share), sh, otherHash));
            assertThrows(CorruptShareException.class, () -> ShareVerifier.verify(ShareSource.of(new byte[3]), sh, otherHash));
        }
        assertEquals(version, layout.version());
    }
}
