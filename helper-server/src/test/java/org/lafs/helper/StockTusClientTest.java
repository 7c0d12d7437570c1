package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lafs.chk.EncodingParameters;

/**
 * Stock tus clients complete against a real helper and 10 real storage servers, for a new file,
 * a file already in the grid, and an upload the same token already has under way, without the
 * helper taking a byte it already holds. tus-js-client 4.3.1 runs for real under Node; go-tus
 * (github.com/eventials/go-tus, not installable here) is replayed request for request: POST, then
 * PATCHes of ChunkSize bytes from offset 0, each continuing at the 204's Upload-Offset, any 409
 * fatal.
 */
class StockTusClientTest extends GridHelperFixture {
    static final EncodingParameters PARAMS = new EncodingParameters(3, 7, 10, 131072);
    /** go-tus's default Config.ChunkSize (2 MiB); the files here are smaller, so one PATCH. */
    static final int GO_TUS_CHUNK = 2 << 20;

    private double fetched() {
        return helper.metrics().counter("chk_upload_helper.fetched_bytes");
    }

    private static Map<String, String> metadata(ChkClient c) {
        return TusClient.md(c.siBase32(), PARAMS.k(), PARAMS.happy(), PARAMS.n(), c.geometry.segmentSize());
    }

    /** Starts an upload with our test client and sends the first {@code half} bytes. */
    private void startPartly(ChkClient c, int half) {
        HttpResponse<String> cr = c.create(alice);
        assertEquals(201, cr.statusCode(), cr.body());
        String loc = helper.rootUrl() + cr.headers().firstValue("Location").orElseThrow();
        assertEquals(204, alice.patch(loc, 0, c.ciphertext, 0, half).statusCode());
    }

    private JsonObject tusJs(ChkClient c) throws Exception {
        JsonObject report = StockTusClients.upload(helper.url() + "/uploads", TestHelpers.ALICE, c.ciphertext, metadata(c), Map.of());
        assertTrue(report.getBoolean("success"), report.encode());
        assertEquals(new JsonArray(), report.getJsonArray("retries"), "no error to recover from: " + report.encode());
        return report;
    }

    @Test
    void tusJsClientCompletesNewInGridAndJoinedUploads() throws Exception {
        byte[] secret = TestHelpers.randomBytes(32, 1);
        ChkClient fresh = new ChkClient(TestHelpers.randomBytes(700_000, 2), secret, PARAMS);
        tusJs(fresh);
        String cap = fresh.cap(ChkClient.awaitResult(alice, fresh.siBase32()));
        assertEquals(700_000, fetched());

        // In the grid: POST says in-grid, tus-js-client PATCHes at 0 anyway and is told the whole length is held.
        ChkClient again = new ChkClient(fresh.plaintext, secret, PARAMS);
        JsonObject r = tusJs(again);
        assertEquals(700_000, fetched(), "no ciphertext taken for a file in the grid");
        assertEquals(700_000, r.getJsonArray("chunks").getJsonObject(0).getLong("accepted"));
        assertEquals(cap, again.cap(ChkClient.awaitResult(alice, again.siBase32())));

        // Joined: the same token has 300 000 bytes under way; tus-js-client sends the rest only.
        ChkClient joined = new ChkClient(TestHelpers.randomBytes(650_000, 3), secret, PARAMS);
        startPartly(joined, 300_000);
        r = tusJs(joined);
        assertEquals(300_000, r.getJsonArray("chunks").getJsonObject(0).getLong("accepted"), r.encode());
        assertEquals(700_000 + 650_000, fetched(), "each byte of the joined upload taken once");
        joined.cap(ChkClient.awaitResult(alice, joined.siBase32()));
    }

    /** go-tus's Uploader.Upload: PATCH ChunkSize bytes at the current offset until it reaches the size. */
    private void goTus(ChkClient c) {
        HttpResponse<String> cr = c.create(alice);
        assertEquals(201, cr.statusCode(), cr.body()); // CreateUpload accepts 201 only
        String loc = helper.rootUrl() + cr.headers().firstValue("Location").orElseThrow();
        long offset = 0; // NewUploader(c, url, u, 0)
        int patches = 0;
        while (offset < c.ciphertext.length) {
            int len = (int) Math.min(GO_TUS_CHUNK, c.ciphertext.length - offset);
            HttpResponse<String> p = alice.send(alice.req(loc).header("Content-Type", "application/offset+octet-stream")
                    .header("Upload-Offset", Long.toString(offset))
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(c.ciphertext, (int) offset, len)).build());
            assertEquals(204, p.statusCode(), "go-tus fails on anything but 204: " + p.body());
            offset = Long.parseLong(p.headers().firstValue("Upload-Offset").orElseThrow());
            assertTrue(++patches <= 3, "go-tus would loop");
        }
        assertEquals(c.ciphertext.length, offset);
    }

    @Test
    void goTusSequenceCompletesNewInGridAndJoinedUploads() throws Exception {
        byte[] secret = TestHelpers.randomBytes(32, 4);
        ChkClient fresh = new ChkClient(TestHelpers.randomBytes(500_000, 5), secret, PARAMS);
        goTus(fresh);
        String cap = fresh.cap(ChkClient.awaitResult(alice, fresh.siBase32()));

        ChkClient again = new ChkClient(fresh.plaintext, secret, PARAMS);
        goTus(again);
        assertEquals(500_000, fetched(), "no ciphertext taken for a file in the grid");
        assertEquals(cap, again.cap(ChkClient.awaitResult(alice, again.siBase32())));

        ChkClient joined = new ChkClient(TestHelpers.randomBytes(400_000, 6), secret, PARAMS);
        startPartly(joined, 100_000);
        goTus(joined);
        assertEquals(500_000 + 400_000, fetched(), "each byte of the joined upload taken once");
        joined.cap(ChkClient.awaitResult(alice, joined.siBase32()));
    }
}
