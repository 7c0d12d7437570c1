package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lafs.chk.Chk;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.cap.ChkCap;

/** Client-side encryption + the helper + 10 real storage servers give the cap offline encoding (and Tahoe's vectors) give. */
class HelperEndToEndTest extends GridHelperFixture {
    /** Vector 14 of chk-vectors.json: 2 MiB + 1 byte, 3-of-10, 128 KiB segments (17 segments). */
    static JsonObject vector(int index) throws Exception {
        String json = new String(HelperEndToEndTest.class.getResourceAsStream("/vectors/chk-vectors.json").readAllBytes(), StandardCharsets.UTF_8);
        return new JsonObject(json).getJsonArray("vectors").getJsonObject(index);
    }

    static byte[] plaintext(JsonObject v) {
        byte[] seed = Base64.getDecoder().decode(v.getString("sample_seed_base64"));
        byte[] out = new byte[v.getInteger("length")];
        for (int i = 0; i < out.length; i++) {
            out[i] = seed[i % seed.length];
        }
        return out;
    }

    @Test
    void capMatchesVectorAndOfflineEncodingAndSharesVerify() throws Exception {
        JsonObject v = vector(14);
        byte[] plain = plaintext(v);
        byte[] secret = Base64.getDecoder().decode(v.getString("convergence_secret_base64"));
        EncodingParameters params = new EncodingParameters(v.getInteger("needed"), 7, v.getInteger("total"), v.getInteger("max_segment_size"));
        ChkClient client = new ChkClient(plain, secret, params);
        String cap = client.upload(alice);
        assertEquals(v.getString("expected_cap"), cap);
        assertEquals(((ChkCap) Chk.capabilityOf(plain, secret, params)).uri(), cap);
        ChkCap parsed = ChkCap.parseChk(cap);
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), grid.verifyShares(client.si, parsed.uebHash()));
        JsonObject result = ChkClient.awaitResult(alice, client.siBase32());
        assertEquals(10, result.getInteger("pushed-shares"));
        assertEquals(plain.length, result.getLong("ciphertext-fetched"));
        assertTrue(!Files.exists(dir.resolve("helper").resolve("spool").resolve(client.siBase32())), "spool deleted");
        assertTrue(helper.service().store().scan("j/").isEmpty(), "journal deleted");
        assertTrue(helper.metrics().counter("chk_upload_helper.encoded_bytes") >= plain.length);
        String metrics = alice.get(helper.rootUrl() + "/metrics").body();
        assertTrue(metrics.contains("helper_push_bytes_total{server=\"v0-"), "bytes pushed per server");
        assertTrue(metrics.contains("helper_phase_seconds_count{phase=\"server-selection\"}"), metrics);
        HttpResponse<String> head = alice.head(helper.rootUrl() + "/helper/v1/uploads/" + client.siBase32());
        assertEquals(200, head.statusCode());
        assertEquals(Integer.toString(plain.length), head.headers().firstValue("Upload-Offset").orElseThrow());
    }

    @Test
    void secondUploadIsAnsweredInGridWithoutCiphertext() throws Exception {
        byte[] plain = TestHelpers.randomBytes(700_000, 5);
        byte[] secret = TestHelpers.randomBytes(32, 6);
        EncodingParameters params = new EncodingParameters(3, 7, 10, 131072);
        String first = new ChkClient(plain, secret, params).upload(alice);
        double fetched = helper.metrics().counter("chk_upload_helper.fetched_bytes");
        assertEquals(plain.length, fetched);
        ChkClient again = new ChkClient(plain, secret, params);
        HttpResponse<String> cr = again.create(alice.withToken(TestHelpers.BOB));
        assertEquals(201, cr.statusCode(), cr.body());
        assertEquals("in-grid", cr.headers().firstValue("Helper-Upload-State").orElseThrow());
        assertEquals(Integer.toString(plain.length), cr.headers().firstValue("Upload-Offset").orElseThrow());
        assertEquals(first, again.cap(new JsonObject(cr.body()).getJsonObject("result")));
        assertEquals(fetched, helper.metrics().counter("chk_upload_helper.fetched_bytes"), "no ciphertext for the second upload");
        assertEquals(1.0, helper.metrics().counter("chk_upload_helper.upload_already_present"));
        JsonObject check = new JsonObject(alice.get("/grid/" + again.siBase32()).body());
        assertTrue(check.getBoolean("in-grid"));
        assertEquals(10, check.getJsonObject("result").getJsonObject("share-map").size());
        assertTrue(check.getJsonObject("result").getJsonObject("share-map").getJsonArray("0") instanceof JsonArray);
    }

    @Test
    void gridCheckSaysNoForUnknownFiles() {
        JsonObject check = new JsonObject(alice.get("/grid/" + TestHelpers.randomSi(1)).body());
        assertEquals(false, check.getBoolean("in-grid"));
    }
}
