package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lafs.helper.upload.GridProbe;
import org.lafs.helper.upload.HelperException;

/** tus core + creation + expiration over a real HTTP server, real files and real RocksDB. */
class TusIngestTest extends TusHelperFixture {

    @Test
    void optionsAdvertisesTusExtensions() {
        HttpResponse<String> r = alice.send(alice.req("/uploads").method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(204, r.statusCode());
        assertEquals("1.0.0", r.headers().firstValue("Tus-Version").orElseThrow());
        assertTrue(r.headers().firstValue("Tus-Extension").orElseThrow().contains("creation"));
        assertTrue(r.headers().firstValue("Tus-Extension").orElseThrow().contains("termination"));
        assertEquals("sha256", r.headers().firstValue("Tus-Checksum-Algorithm").orElseThrow());
    }

    @Test
    void createPatchHeadResultSpoolsExactBytes() throws Exception {
        byte[] data = TestHelpers.randomBytes(300_000, 1);
        String si = TestHelpers.randomSi(1);
        HttpResponse<String> c = alice.create(data.length, TusClient.md(si, 3, 7, 10, 131073));
        assertEquals(201, c.statusCode(), c.body());
        String loc = c.headers().firstValue("Location").orElseThrow();
        assertEquals("/helper/v1/uploads/" + si, loc);
        assertEquals("0", c.headers().firstValue("Upload-Offset").orElseThrow());
        assertTrue(c.headers().firstValue("Upload-Expires").isPresent());
        HttpResponse<String> p = alice.patchAll(helper.rootUrl() + loc, data, 0, 100_000);
        assertEquals(204, p.statusCode(), p.body());
        assertEquals(Integer.toString(data.length), p.headers().firstValue("Upload-Offset").orElseThrow());
        HttpResponse<String> h = alice.head(helper.rootUrl() + loc);
        assertEquals(200, h.statusCode());
        assertEquals(Integer.toString(data.length), h.headers().firstValue("Upload-Offset").orElseThrow());
        assertEquals(Integer.toString(data.length), h.headers().firstValue("Upload-Length").orElseThrow());
        assertEquals("no-store", h.headers().firstValue("Cache-Control").orElseThrow());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("spool").resolve(si)));
        JsonObject res = new JsonObject(alice.get("/uploads/" + si + "/result").body());
        assertEquals(data.length, res.getLong("received"));
        assertEquals(data.length, (long) helper.metrics().counter("chk_upload_helper.fetched_bytes"));
    }

    /**
     * One PATCH body four times the ingest session's write batch (256 KiB) and twice its high-water
     * mark (512 KiB): the bytes cross several reused batches, and body chunks that straddle a batch
     * boundary are split (their rest stays queued as a slice), yet the spool holds exactly what was
     * sent and the acknowledged offset is the whole body.
     */
    @Test
    void onePatchOfManyWriteBatchesSpoolsExactBytes() throws Exception {
        int size = 1 << 20; // the test configuration's max-file-size
        byte[] data = TestHelpers.randomBytes(size, 7);
        String si = TestHelpers.randomSi(7);
        HttpResponse<String> c = alice.create(data.length, TusClient.md(si, 3, 7, 10, 131073));
        assertEquals(201, c.statusCode(), c.body());
        String loc = c.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> p = alice.patchAll(helper.rootUrl() + loc, data, 0, size);
        assertEquals(204, p.statusCode(), p.body());
        assertEquals(Integer.toString(size), p.headers().firstValue("Upload-Offset").orElseThrow());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("spool").resolve(si)));
    }

    /**
     * A second token joins a running upload only with the creator's key proof (docs/security.md):
     * without it, or with another proof, 409 upload-in-progress (with Retry-After), and its
     * PATCH, HEAD and result requests find no such upload.
     */
    @Test
    void secondTokenJoinsOnlyWithTheKeyProof() {
        String si = TestHelpers.randomSi(2);
        byte[] data = TestHelpers.randomBytes(200_000, 2);
        HttpResponse<String> a = alice.create(data.length, TusClient.md(si, 3, 7, 10, 131073, 40));
        assertEquals(201, a.statusCode());
        String loc = helper.rootUrl() + "/helper/v1/uploads/" + si;
        assertEquals(204, alice.patch(loc, 0, data, 0, 50_000).statusCode());
        TusClient bob = alice.withToken(TestHelpers.BOB);
        for (Map<String, String> md : java.util.List.of(TusClient.md(si, 3, 7, 10, 131073), TusClient.md(si, 3, 7, 10, 131073, 41))) {
            HttpResponse<String> refused = bob.create(data.length, md);
            assertEquals(409, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("upload-in-progress"), refused.body());
            assertEquals("60", refused.headers().firstValue("Retry-After").orElseThrow());
        }
        assertEquals(404, bob.patch(loc, 50_000, data, 50_000, 10_000).statusCode());
        assertEquals(404, bob.head(loc).statusCode());
        assertEquals(404, bob.get("/uploads/" + si + "/result").statusCode());
        assertEquals(java.util.Set.of("alice"), helper.service().activeUploads().iterator().next().tokens());

        HttpResponse<String> b = bob.create(data.length, TusClient.md(si, 3, 7, 10, 131073, 40));
        assertEquals(201, b.statusCode(), b.body());
        assertEquals("joined", b.headers().firstValue("Helper-Upload-State").orElseThrow());
        assertEquals("50000", b.headers().firstValue("Upload-Offset").orElseThrow());
        assertEquals(1, helper.service().activeUploads().size());
        HttpResponse<String> p = bob.patchAll(loc, data, 50_000, 64_000);
        assertEquals(204, p.statusCode(), p.body());
    }

    @Test
    void joinedTokenStillCountsAfterRestart() throws Exception {
        String si = TestHelpers.randomSi(12);
        byte[] data = TestHelpers.randomBytes(200_000, 12);
        assertEquals(201, alice.create(data.length, TusClient.md(si, 3, 7, 10, 131073, 42)).statusCode());
        TusClient bob = alice.withToken(TestHelpers.BOB);
        assertEquals("joined", bob.create(data.length, TusClient.md(si, 3, 7, 10, 131073, 42))
                .headers().firstValue("Helper-Upload-State").orElseThrow());
        helper.stop().await();
        helper = TestHelpers.start(vertx, TestHelpers.config(TestHelpers.baseConfig(dir)));
        // bob may have one upload open at a time, and the one he joined is still open
        TusClient bobAgain = new TusClient(helper.url(), TestHelpers.BOB, null);
        HttpResponse<String> other = bobAgain.create(data.length, TusClient.md(TestHelpers.randomSi(13), 3, 7, 10, 131073));
        assertEquals(403, other.statusCode(), other.body());
        assertTrue(other.body().contains("quota-concurrent-uploads"), other.body());
        assertEquals(java.util.Set.of("alice", "bob"), helper.service().activeUploads().iterator().next().tokens());
    }

    /**
     * Restarts the helper with a pipeline that fails with {@code placement-failed} once the
     * returned promise is completed.
     */
    private Promise<Void> restartWithPipelineFailingOn() {
        helper.stop().await();
        Promise<Void> failNow = Promise.promise();
        helper = Helper.start(vertx, TestHelpers.config(TestHelpers.baseConfig(dir)), GridProbe.NONE,
                service -> upload -> failNow.future().compose(v -> Future.failedFuture(
                        new HelperException(502, "placement-failed",
                                "only 2 of the 7 servers needed are reachable")))).await();
        alice = new TusClient(helper.url(), TestHelpers.ALICE, null);
        return failNow;
    }

    /**
     * A stored upload that is not running (its pipeline failed) is resumed by its own token only;
     * another token gets a fresh upload, never the first one's bytes. The failure's reason and
     * its detail for people reach the client.
     */
    @Test
    void anotherTokenNeverResumesAStoredUpload() throws Exception {
        Promise<Void> failNow = restartWithPipelineFailingOn();
        String si = TestHelpers.randomSi(14);
        byte[] data = TestHelpers.randomBytes(200_000, 14);
        assertEquals(201, alice.create(data.length, TusClient.md(si, 3, 7, 10, 131073)).statusCode());
        String loc = helper.rootUrl() + "/helper/v1/uploads/" + si;
        assertEquals(204, alice.patch(loc, 0, data, 0, 80_000).statusCode());
        failNow.complete();
        TestHelpers.waitFor("the pipeline to fail", () -> helper.service().find(si).isEmpty());
        assertEquals(410, alice.head(loc).statusCode());
        JsonObject failed = new JsonObject(alice.get("/uploads/" + si + "/result").body()).getJsonObject("result");
        assertEquals("placement-failed", failed.getString("reason"));
        assertEquals("only 2 of the 7 servers needed are reachable", failed.getString("detail"));

        TusClient bob = alice.withToken(TestHelpers.BOB);
        HttpResponse<String> b = bob.create(data.length, TusClient.md(si, 3, 7, 10, 131073));
        assertEquals(201, b.statusCode(), b.body());
        assertEquals("created", b.headers().firstValue("Helper-Upload-State").orElseThrow());
        assertEquals("0", b.headers().firstValue("Upload-Offset").orElseThrow());
        assertEquals(0, Files.size(dir.resolve("spool").resolve(si)));
    }

    /**
     * A PATCH still sending when the pipeline fails is answered 410 with the pipeline's reason,
     * the same account HEAD and the result give. It used to get the error of a write into the
     * spool that was closed under it (507 "null", or 500 internal-error), and a client that took
     * that for a passing fault retried.
     */
    @Test
    void aPatchCutOffByAFailedPipelineIsToldWhy() throws Exception {
        Promise<Void> failNow = restartWithPipelineFailingOn();
        String si = TestHelpers.randomSi(15);
        byte[] data = TestHelpers.randomBytes(400_000, 15);
        assertEquals(201, alice.create(data.length, TusClient.md(si, 3, 7, 10, 131073)).statusCode());
        // the body's second half waits until the pipeline has failed
        CountDownLatch failed = new CountDownLatch(1);
        InputStream body = new SequenceInputStream(new ByteArrayInputStream(data, 0, 200_000), new InputStream() {
            private final InputStream rest = new ByteArrayInputStream(data, 200_000, data.length - 200_000);

            @Override
            public int read() throws IOException {
                await();
                return rest.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                await();
                return rest.read(b, off, len);
            }

            private void await() throws IOException {
                try {
                    failed.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
        });
        CompletableFuture<HttpResponse<String>> answer = alice.patchStreaming(
                helper.rootUrl() + "/helper/v1/uploads/" + si, 0, body, data.length);
        // the JDK client holds back the chunk it has read ahead, so less than the first half arrives
        TestHelpers.waitFor("the first bytes in the spool", () -> dir.resolve("spool").resolve(si).toFile().length() >= 100_000);
        failNow.complete();
        TestHelpers.waitFor("the pipeline to fail", () -> helper.service().find(si).isEmpty());
        failed.countDown();
        HttpResponse<String> r = answer.get(30, TimeUnit.SECONDS);
        assertEquals(410, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"placement-failed\""), r.body());
        assertTrue(r.body().contains("only 2 of the 7 servers needed are reachable"), r.body());
    }

    /** The status page shows storage indexes and token names to operators only. */
    @Test
    void statusShowsStorageIndexesToOperatorsOnly() throws Exception {
        String si = TestHelpers.randomSi(15);
        assertEquals(201, alice.create(300_000, TusClient.md(si, 3, 7, 10, 131073)).statusCode());
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI status = java.net.URI.create(helper.rootUrl() + "/helper_status?t=json");
        String anonymous = http.send(java.net.http.HttpRequest.newBuilder(status).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        String asClient = http.send(java.net.http.HttpRequest.newBuilder(status).header("Authorization", "Bearer " + TestHelpers.ALICE).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        String asOperator = http.send(java.net.http.HttpRequest.newBuilder(status).header("Authorization", "Basic "
                        + java.util.Base64.getEncoder().encodeToString(("op:" + TestHelpers.OPERATOR).getBytes())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        for (String page : java.util.List.of(anonymous, asClient)) {
            assertTrue(!page.contains(si) && !page.contains("alice"), page);
            assertEquals(1, new JsonObject(page).getJsonArray("active").size());
        }
        assertTrue(asOperator.contains(si) && asOperator.contains("alice"), asOperator);
        HttpResponse<String> login = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(helper.rootUrl()
                + "/helper_status?login=1")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, login.statusCode());
        assertTrue(login.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic"));
    }

    @Test
    void restartedHelperResumesFromDurableOffset() throws Exception {
        String si = TestHelpers.randomSi(3);
        byte[] data = TestHelpers.randomBytes(250_000, 3);
        assertEquals(201, alice.create(data.length, TusClient.md(si, 3, 7, 10, 131073)).statusCode());
        String loc = helper.rootUrl() + "/helper/v1/uploads/" + si;
        assertEquals(204, alice.patch(loc, 0, data, 0, 120_000).statusCode());
        // Bytes written past the durable offset (a crash between write and record) are cut on restart.
        Files.write(dir.resolve("spool").resolve(si), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        helper.stop().await();
        helper = TestHelpers.start(vertx, TestHelpers.config(TestHelpers.baseConfig(dir)));
        TusClient again = new TusClient(helper.url(), TestHelpers.ALICE, null);
        loc = helper.rootUrl() + "/helper/v1/uploads/" + si;
        HttpResponse<String> h = again.head(loc);
        assertEquals(200, h.statusCode());
        assertEquals("120000", h.headers().firstValue("Upload-Offset").orElseThrow());
        HttpResponse<String> c = again.create(data.length, TusClient.md(si, 3, 7, 10, 131073));
        assertEquals(201, c.statusCode());
        assertEquals("120000", c.headers().firstValue("Upload-Offset").orElseThrow());
        assertEquals(204, again.patchAll(loc, data, 120_000, 70_000).statusCode());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("spool").resolve(si)));
        assertEquals(1.0, helper.metrics().counter("chk_upload_helper.resumes"));
    }

    @Test
    void encoderReadWaitsForDurability() throws Exception {
        String si = TestHelpers.randomSi(4);
        byte[] data = TestHelpers.randomBytes(200_000, 4);
        assertEquals(201, alice.create(data.length, TusClient.md(si, 3, 7, 10, 131073)).statusCode());
        var upload = helper.service().find(si).orElseThrow();
        var waiting = upload.progress().await(150_000);
        assertTrue(!waiting.isComplete());
        String loc = helper.rootUrl() + "/helper/v1/uploads/" + si;
        assertEquals(204, alice.patch(loc, 0, data, 0, 100_000).statusCode());
        assertTrue(!waiting.isComplete());
        assertEquals(204, alice.patch(loc, 100_000, data, 100_000, 100_000).statusCode());
        waiting.await();
        assertTrue(waiting.succeeded());
    }

    @Test
    void terminationDeletesSpoolAndRecord() throws Exception {
        String si = TestHelpers.randomSi(5);
        byte[] data = TestHelpers.randomBytes(100_000, 5);
        assertEquals(201, alice.create(data.length, TusClient.md(si, 3, 7, 10, 100_002, 44)).statusCode());
        String loc = helper.rootUrl() + "/helper/v1/uploads/" + si;
        assertEquals(204, alice.patch(loc, 0, data, 0, 60_000).statusCode());
        assertEquals(404, alice.withToken(TestHelpers.BOB).delete(loc).statusCode(), "bob does not even see it");
        assertEquals(201, alice.withToken(TestHelpers.BOB).create(data.length, TusClient.md(si, 3, 7, 10, 100_002, 44)).statusCode());
        assertEquals(403, alice.withToken(TestHelpers.BOB).delete(loc).statusCode(), "bob joined but did not create it");
        assertEquals(204, alice.delete(loc).statusCode());
        assertTrue(!Files.exists(dir.resolve("spool").resolve(si)));
        assertEquals(410, alice.head(loc).statusCode());
        assertEquals(404, alice.patch(loc, 60_000, data, 60_000, 40_000).statusCode());
        assertTrue(helper.service().store().get("u/" + si).isEmpty());
    }

    @Test
    void expectContinueIsHonoured() {
        String si = TestHelpers.randomSi(8);
        byte[] data = TestHelpers.randomBytes(100_000, 8);
        assertEquals(201, alice.create(data.length, TusClient.md(si, 3, 7, 10, 100_002)).statusCode());
        HttpResponse<String> r = alice.send(alice.req("/uploads/" + si).expectContinue(true).header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofByteArray(data)).build());
        assertEquals(204, r.statusCode());
        assertEquals("100000", r.headers().firstValue("Upload-Offset").orElseThrow());
    }

    @Test
    void versionDocumentShowsTokenLimits() {
        JsonObject v = new JsonObject(alice.withToken(TestHelpers.BOB).get("/version").body());
        assertEquals("bob", v.getString("token"));
        assertEquals(1 << 20, v.getJsonObject("limits").getLong("max-file-size"));
        assertEquals(1, v.getJsonObject("limits").getInteger("concurrent-uploads"));
        assertEquals("1.0.0", v.getJsonObject("tus").getString("version"));
    }

    @Test
    void statusAndMetricsPages() {
        String si = TestHelpers.randomSi(6);
        assertEquals(201, alice.create(1000, TusClient.md(si, 3, 7, 10, 1002)).statusCode());
        TusClient operator = alice.withToken(TestHelpers.OPERATOR);
        JsonObject st = new JsonObject(operator.get(helper.rootUrl() + "/helper_status?t=json").body());
        assertEquals(si, st.getJsonArray("active").getJsonObject(0).getString("storage-index"));
        String metrics = alice.get(helper.rootUrl() + "/metrics").body();
        assertTrue(metrics.contains("chk_upload_helper_upload_requests_total 1.0"), metrics);
        assertTrue(metrics.contains("chk_upload_helper_active_uploads 1.0"), metrics);
        assertTrue(!metrics.contains(TestHelpers.ALICE));
        assertTrue(operator.get(helper.rootUrl() + "/helper_status").body().contains(si));
        Map<String, String> none = Map.of();
        assertTrue(none.isEmpty());
    }
}
