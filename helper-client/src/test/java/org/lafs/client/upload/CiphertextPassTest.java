package org.lafs.client.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lafs.chk.ConvergentKey;
import org.lafs.chk.CtrCipher;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.encode.ChkEncodeResult;
import org.lafs.chk.encode.ChkEncoder;
import org.lafs.chk.encode.ShareSink;
import org.lafs.chk.share.UriExtension;
import org.lafs.client.helper.HelperException;
import org.lafs.format.Base32;

class CiphertextPassTest {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    static final EncodingParameters P = new EncodingParameters(3, 7, 10, 4096);

    @Test
    void resumedPassEmitsOnlyTheRestAndHashesEverything() throws Exception {
        byte[] plain = new byte[3 * 4096 + 17];
        new Random(1).nextBytes(plain);
        FileGeometry g = P.geometry(plain.length);
        byte[] key = ConvergentKey.derive(plain, SECRET, P);
        byte[] cipher = plain.clone();
        CtrCipher.at(key, 0).apply(cipher, 0, cipher.length);
        ChkEncodeResult enc = ChkEncoder.encode(new ByteArrayInputStream(cipher), g, ShareSink.DISCARD);
        UriExtension ueb = UriExtension.parse(enc.uebBytes());

        long[] sent = {0};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CiphertextPass pass = new CiphertextPass(new ByteArrayInputStream(plain), g, SECRET, key, Throttle.NONE, n -> sent[0] += n)) {
            pass.skipTo(5000);
            try (InputStream c = pass.chunk(3000)) {
                c.transferTo(out);
            }
            try (InputStream c = pass.chunk(plain.length - 8000)) {
                c.transferTo(out);
            }
            pass.finish();
            assertArrayEquals(ueb.crypttextHash(), pass.crypttextHash());
            assertArrayEquals(ueb.crypttextRootHash(), pass.crypttextRootHash());
            assertEquals(plain.length - 5000, sent[0]);
            byte[] expected = java.util.Arrays.copyOfRange(cipher, 5000, cipher.length);
            assertArrayEquals(expected, out.toByteArray());

            // the helper's result must agree with what we hashed
            JsonObject result = resultFor(enc, ueb);
            assertArrayEquals(enc.uebHash(), HelperUpload.checkResult(result, g, pass.crypttextHash(), pass.crypttextRootHash()));
            result.getJsonObject("ueb").put("crypttext_hash", Base32.encode(new byte[32]));
            assertThrows(HelperException.class, () -> HelperUpload.checkResult(result, g, pass.crypttextHash(), pass.crypttextRootHash()));
            JsonObject other = resultFor(enc, ueb);
            other.put("ueb-hash", Base32.encode(new byte[32]));
            assertThrows(HelperException.class, () -> HelperUpload.checkResult(other, g, pass.crypttextHash(), pass.crypttextRootHash()));
            JsonObject wrongK = resultFor(enc, ueb);
            wrongK.getJsonObject("ueb").put("needed_shares", 2);
            assertThrows(HelperException.class, () -> HelperUpload.checkResult(wrongK, g, pass.crypttextHash(), pass.crypttextRootHash()));
        }
    }

    @Test
    void changedFileNeverYieldsTheLastByte() throws Exception {
        byte[] plain = new byte[10_000];
        new Random(2).nextBytes(plain);
        FileGeometry g = P.geometry(plain.length);
        byte[] key = ConvergentKey.derive(plain, SECRET, P);
        byte[] changed = plain.clone();
        changed[9_000] ^= 1;
        try (CiphertextPass pass = new CiphertextPass(new ByteArrayInputStream(changed), g, SECRET, key, Throttle.NONE, n -> { })) {
            InputStream c = pass.chunk(plain.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThrows(FileChangedException.class, () -> c.transferTo(out));
            assertEquals(true, out.size() < plain.length);
        }
        byte[] longer = java.util.Arrays.copyOf(plain, plain.length + 1);
        try (CiphertextPass pass = new CiphertextPass(new ByteArrayInputStream(longer), g, SECRET, key, Throttle.NONE, n -> { })) {
            assertThrows(FileChangedException.class, pass::finish);
        }
        byte[] shorter = java.util.Arrays.copyOf(plain, plain.length - 1);
        try (CiphertextPass pass = new CiphertextPass(new ByteArrayInputStream(shorter), g, SECRET, key, Throttle.NONE, n -> { })) {
            assertThrows(FileChangedException.class, pass::finish);
        }
    }

    static JsonObject resultFor(ChkEncodeResult enc, UriExtension ueb) {
        FileGeometry g = ueb.geometry();
        return new JsonObject().put("state", "done").put("ueb-hash", Base32.encode(enc.uebHash()))
                .put("ueb", new JsonObject().put("size", g.size()).put("segment_size", g.segmentSize())
                        .put("num_segments", g.numSegments()).put("needed_shares", g.k()).put("total_shares", g.n())
                        .put("crypttext_hash", Base32.encode(ueb.crypttextHash()))
                        .put("crypttext_root_hash", Base32.encode(ueb.crypttextRootHash()))
                        .put("share_root_hash", Base32.encode(ueb.shareRootHash())));
    }
}
