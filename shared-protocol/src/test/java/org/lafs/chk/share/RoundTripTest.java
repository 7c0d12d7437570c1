package org.lafs.chk.share;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.lafs.chk.Chk;
import org.lafs.chk.ConvergentKey;
import org.lafs.chk.CtrCipher;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.cap.ChkCap;
import org.lafs.chk.encode.ChkEncodeResult;
import org.lafs.chk.encode.ChkEncoder;
import org.lafs.chk.encode.ShareSink;
import org.lafs.codec.ErasureCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shapes the hidden vectors cover (n up to 256, k up to 101, up to 64 segments, 16- and 32-byte
 * secrets, forced v2): encode -> parse -> verify every share -> decode from random k shares.
 */
class RoundTripTest {

    static Stream<Arguments> shapes() {
        return Stream.of(
                // k, n, size, max segment, secret length, version (0 = auto)
                Arguments.of(1, 1, 56, 131072, 16, 0),
                Arguments.of(3, 10, 1000, 131072, 32, 0),
                Arguments.of(2, 3, 131073, 131072, 16, 0),
                Arguments.of(101, 256, 20000, 1000, 32, 0),
                Arguments.of(1, 256, 300, 131072, 32, 0),
                Arguments.of(256, 256, 5000, 4096, 16, 0),
                Arguments.of(7, 13, 64 * 700 - 5, 700, 32, 0),
                Arguments.of(3, 10, 64 * 1024, 1024, 16, 0),
                Arguments.of(5, 7, 65 * 999, 999, 20, 0),
                Arguments.of(3, 10, 100, 131072, 16, 2),
                Arguments.of(101, 200, 33 * 1010 + 1, 1010, 32, 2));
    }

    @ParameterizedTest(name = "{0}-of-{1} size {2} seg {3} secret {4} v{5}")
    @MethodSource("shapes")
    void roundTrip(int k, int n, int size, int maxSeg, int secretLength, int version) throws Exception {
        Random rnd = new Random(size * 31L + n);
        byte[] plain = new byte[size];
        rnd.nextBytes(plain);
        byte[] secret = new byte[secretLength];
        rnd.nextBytes(secret);
        EncodingParameters p = new EncodingParameters(k, n, n, maxSeg);
        FileGeometry g = p.geometry(size);
        byte[] key = ConvergentKey.derive(plain, secret, p);
        byte[] ct = plain.clone();
        CtrCipher.at(key, 0).apply(ct, 0, ct.length);

        ByteArrayOutputStream[] out = new ByteArrayOutputStream[n];
        for (int i = 0; i < n; i++) {
            out[i] = new ByteArrayOutputStream();
        }
        ShareSink sink = (sh, offset, data, off, len) -> {
            assertEquals(out[sh].size(), offset);
            out[sh].write(data, off, len);
        };
        ShareLayout layout = version == 0 ? ShareLayout.of(g) : ShareLayout.of(g, UriExtension.serializedLength(g), version);
        ChkEncodeResult r = ChkEncoder.encode(new ByteArrayInputStream(ct), g, sink, layout, ErasureCodec.create(k, n));
        assertEquals(version == 0 ? 1 : version, r.layout().version());

        ShareSource[] sources = new ShareSource[n];
        VerifiedShare[] verified = new VerifiedShare[n];
        for (int i = 0; i < n; i++) {
            byte[] share = out[i].toByteArray();
            assertEquals(r.layout().allocatedSize(), share.length);
            sources[i] = ShareSource.of(share);
            verified[i] = ShareVerifier.verify(sources[i], i, r.uebHash());
            assertEquals(g, verified[i].ueb().geometry());
        }
        // the facade gives the same cap as the parts
        ChkCap cap = (ChkCap) Chk.capabilityOf(plain, secret, p);
        assertArrayEquals(r.uebHash(), cap.uebHash());
        assertArrayEquals(key, cap.key());

        for (int attempt = 0; attempt < 3; attempt++) {
            List<Integer> pick = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                pick.add(i);
            }
            Collections.shuffle(pick, rnd);
            ShareSource[] s = new ShareSource[k];
            VerifiedShare[] v = new VerifiedShare[k];
            for (int j = 0; j < k; j++) {
                s[j] = sources[pick.get(j)];
                v[j] = verified[pick.get(j)];
            }
            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            ChkDecoder.decode(s, v, decoded);
            assertArrayEquals(ct, decoded.toByteArray(), "decoded from shares " + pick.subList(0, k));
        }
    }

    @org.junit.jupiter.api.Test
    void sinkFailurePropagates() {
        FileGeometry g = new EncodingParameters(1, 1, 1, 100).geometry(300);
        IOException boom = new IOException("disk full");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () ->
                ChkEncoder.encode(new ByteArrayInputStream(new byte[300]), g, (sh, o, d, off, len) -> {
                    throw boom;
                }));
        assertEquals(boom, e);
    }

    @org.junit.jupiter.api.Test
    void shortStreamIsAnEofError() {
        FileGeometry g = new EncodingParameters(1, 1, 1, 100).geometry(300);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.EOFException.class, () ->
                ChkEncoder.encode(new ByteArrayInputStream(new byte[299]), g, ShareSink.DISCARD));
    }
}
