package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lafs.chk.Chk;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.cap.ChkCap;
import org.lafs.format.Base32;

/**
 * A stock-foolscap client (Tahoe's interface names and schemas) uploads through the Foolscap
 * listener, in both master roles: the helper pulls the ciphertext with read_encrypted, encodes
 * with the client's parameters and pushes to 10 real storage servers; the client's
 * HelperUploadResults give the cap offline encoding gives, and every share verifies.
 */
class FoolscapUploadTest extends FoolscapFixture {

    @ParameterizedTest
    @ValueSource(strings = {"client-master", "helper-master"})
    void uploadThenDedup(String role) throws Exception {
        // Tahoe 1.20's 1 MiB maximum segment, 3-of-10, happy 7: a 300,001-byte file is one segment
        // of 300,003 bytes; 64 KiB reads make five read_encrypted calls
        EncodingParameters params = new EncodingParameters(3, 7, 10, 1 << 20);
        ChkClient f = file(300_001, 11, params);
        JsonObject up = client("alice", role, "upload", f);
        assertEquals("upload", up.getString("answer"), up.encode());
        assertEquals("ok", up.getString("outcome"), up.encode());
        JsonObject r = up.getJsonObject("results");
        String cap = cap(f, r);
        assertEquals(((ChkCap) Chk.capabilityOf(f.plaintext, TestHelpers.randomBytes(32, 12), params)).uri(), cap);
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), grid.verifyShares(f.si, ChkCap.parseChk(cap).uebHash()));
        assertEquals(300_001, r.getLong("ciphertext_fetched"));
        assertEquals(10, r.getInteger("pushed_shares"));
        assertEquals(300_001, up.getLong("sent"), "every byte sent once");
        assertEquals(5, up.getJsonArray("reads").size());
        assertEquals("[\"str\"]", r.getJsonArray("uri_extension_data_key_types").encode(), "text keys in uri_extension_data");
        assertEquals("[\"set\"]", r.getJsonArray("sharemap_value_types").encode());
        assertTrue(up.getInteger("closed") >= 1, "the helper closed the reader");
        assertEquals(300_001.0, helper.metrics().counter("helper.foolscap.fetched_bytes"));
        assertEquals(300_001.0, helper.metrics().counter("chk_upload_helper.fetched_bytes"), "counted like a tus upload");
        // the operator's view of the status page shows storage indexes (docs/security.md)
        JsonObject status = new JsonObject(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(helper.rootUrl() + "/helper_status?t=json")).header("Authorization", "Bearer " + TestHelpers.OPERATOR)
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(300_001, status.getJsonObject("foolscap").getLong("fetched-bytes"), status.encode());
        assertEquals(1, status.getJsonObject("counters").getLong("chk_upload_helper.upload_need_upload"));
        assertEquals(f.siBase32(), status.getJsonArray("recent").getJsonObject(0).getString("storage-index"));

        // the same file again, from another client: answered from the grid, no ciphertext
        JsonObject again = client("bob", role, "upload", f);
        assertEquals("in-grid", again.getString("answer"), again.encode());
        assertEquals(cap, cap(f, again.getJsonObject("results")));
        assertEquals(300_001.0, helper.metrics().counter("helper.foolscap.fetched_bytes"), "no ciphertext for the second upload");
        assertEquals(1.0, helper.metrics().counter("chk_upload_helper.upload_already_present"));
    }

    /** The cap a Tahoe client builds from the results: its own key, k, n, size and the helper's UEB hash (upload.py). */
    static String cap(ChkClient f, JsonObject r) {
        JsonObject ueb = r.getJsonObject("uri_extension_data");
        assertEquals(f.params.k(), ueb.getInteger("needed_shares"));
        assertEquals(f.params.n(), ueb.getInteger("total_shares"));
        assertEquals(f.geometry.segmentSize(), ueb.getInteger("segment_size"));
        assertEquals(f.plaintext.length, ueb.getLong("size"));
        byte[] uebHash = java.util.HexFormat.of().parseHex(r.getString("uri_extension_hash"));
        return new ChkCap(f.key, uebHash, f.params.k(), f.params.n(), f.plaintext.length).uri();
    }

    static String b32(byte[] b) {
        return Base32.encode(b);
    }
}
