package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile and broken tus requests: exact status, machine-readable reason, nothing corrupted. */
class TusBadInputTest extends TusHelperFixture {
    static String reason(HttpResponse<String> r) {
        return new JsonObject(r.body()).getString("error");
    }

    static final String SI = TestHelpers.randomSi(99);

    static Stream<Arguments> badCreations() {
        return Stream.of(
                Arguments.of("no metadata", 1000L, null, 400, "missing-metadata"),
                Arguments.of("metadata not base64", 1000L, "storage-index !!!,k Mw==", 400, "bad-metadata"),
                Arguments.of("duplicate key", 1000L, "k Mw==,k Mw==", 400, "bad-metadata"),
                Arguments.of("no storage index", 1000L, TusClient.metadata(Map.of("k", "3", "happy", "7", "n", "10", "segment-size", "1002")), 400, "missing-storage-index"),
                Arguments.of("short storage index", 1000L, TusClient.metadata(TusClient.md("abc", 3, 7, 10, 1002)), 400, "bad-storage-index"),
                Arguments.of("upper-case storage index", 1000L, TusClient.metadata(TusClient.md(SI.toUpperCase(), 3, 7, 10, 1002)), 400, "bad-storage-index"),
                Arguments.of("k > n", 1000L, TusClient.metadata(TusClient.md(SI, 11, 7, 10, 1001)), 400, "bad-k-n"),
                Arguments.of("n > 256", 1000L, TusClient.metadata(TusClient.md(SI, 3, 7, 257, 1002)), 400, "bad-k-n"),
                Arguments.of("happy > n", 1000L, TusClient.metadata(TusClient.md(SI, 3, 11, 10, 1002)), 400, "bad-happy"),
                Arguments.of("segment not multiple of k", 1000L, TusClient.metadata(TusClient.md(SI, 3, 7, 10, 1000)), 400, "bad-segment-size"),
                Arguments.of("segment larger than file", 1000L, TusClient.metadata(TusClient.md(SI, 3, 7, 10, 1005)), 400, "bad-segment-size"),
                Arguments.of("negative k", 1000L, "storage-index " + b64(SI) + ",k " + b64("-3") + ",happy " + b64("7") + ",n " + b64("10") + ",segment-size " + b64("1002"), 400, "bad-k"),
                Arguments.of("tiny segments (too many to hold their hashes)", 10_000_000L, TusClient.metadata(TusClient.md(SI, 3, 7, 10, 3)), 413, "too-many-segments"),
                Arguments.of("LIT-sized file", 55L, TusClient.metadata(TusClient.md(SI, 3, 7, 10, 57)), 400, "size-is-lit"),
                Arguments.of("larger than the helper allows", 2L << 40, TusClient.metadata(TusClient.md(SI, 3, 7, 10, 131073)), 413, "upload-too-large"));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCreations")
    void creationRejected(String name, long size, String metadata, int status, String reason) {
        HttpRequest.Builder b = alice.req("/uploads").header("Upload-Length", Long.toString(size)).POST(HttpRequest.BodyPublishers.noBody());
        if (metadata != null) {
            b.header("Upload-Metadata", metadata);
        }
        HttpResponse<String> r = alice.send(b.build());
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(reason, reason(r));
        assertTrue(helper.service().activeUploads().isEmpty());
    }

    @Test
    void routingHeaderMustMatchMetadata() {
        HttpResponse<String> r = alice.send(alice.req("/uploads").header("Upload-Length", "1000")
                .header("Upload-Metadata", TusClient.metadata(TusClient.md(SI, 3, 7, 10, 1002)))
                .header("Helper-Storage-Index", TestHelpers.randomSi(5)).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(400, r.statusCode());
        assertEquals("storage-index-mismatch", reason(r));
        r = alice.send(alice.req("/uploads").header("Upload-Length", "1000")
                .header("Upload-Metadata", TusClient.metadata(TusClient.md(SI, 3, 7, 10, 1002)))
                .header("Helper-Storage-Index", SI).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(201, r.statusCode());
    }

    @Test
    void missingOrBadUploadLength() {
        HttpResponse<String> r = alice.send(alice.req("/uploads").header("Upload-Metadata", TusClient.metadata(TusClient.md(SI, 3, 7, 10, 1002)))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(400, r.statusCode());
        assertEquals("bad-upload-length", reason(r));
        r = alice.send(alice.req("/uploads").header("Upload-Length", "12x").header("Upload-Metadata", TusClient.metadata(TusClient.md(SI, 3, 7, 10, 1002)))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(400, r.statusCode());
    }

    @Test
    void tokensAreRequiredEverywhere() {
        TusClient anon = alice.withToken(null);
        TusClient wrong = alice.withToken("not-a-real-token-at-all");
        for (TusClient c : new TusClient[] {anon, wrong}) {
            HttpResponse<String> r = c.create(1000, TusClient.md(SI, 3, 7, 10, 1002));
            assertEquals(401, r.statusCode());
            assertEquals("unauthorized", reason(r));
            assertEquals(401, c.get("/version").statusCode());
            assertEquals(401, c.get("/uploads/" + SI + "/result").statusCode());
            assertEquals(401, c.patch(alice.base + "/uploads/" + SI, 0, new byte[10], 0, 10).statusCode());
        }
        assertTrue(helper.service().activeUploads().isEmpty());
    }

    @Test
    void missingTusVersionIs412() {
        HttpResponse<String> r = alice.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(alice.base + "/uploads"))
                .header("Authorization", "Bearer " + TestHelpers.ALICE).header("Upload-Length", "1000")
                .header("Upload-Metadata", TusClient.metadata(TusClient.md(SI, 3, 7, 10, 1002))).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(412, r.statusCode());
        assertEquals("1.0.0", r.headers().firstValue("Tus-Version").orElseThrow());
    }

    private String open(long size, int segment) {
        HttpResponse<String> c = alice.create(size, TusClient.md(SI, 3, 7, 10, segment));
        assertEquals(201, c.statusCode(), c.body());
        return helper.rootUrl() + c.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void patchViolations() throws Exception {
        byte[] data = TestHelpers.randomBytes(10_000, 7);
        String loc = open(data.length, 9_999);
        assertEquals(204, alice.patch(loc, 0, data, 0, 4000).statusCode());
        // behind the held offset: answered with it and none of the body taken (stock tus clients
        // PATCH at 0 after POST, Http.heldOffset)
        HttpResponse<String> r = alice.patch(loc, 3000, new byte[1000], 0, 1000);
        assertEquals(204, r.statusCode(), r.body());
        assertEquals("4000", r.headers().firstValue("Upload-Offset").orElseThrow());
        // ahead of it: a gap, 409 with the offset to continue from
        r = alice.patch(loc, 5000, data, 5000, 1000);
        assertEquals(409, r.statusCode());
        assertEquals("offset-mismatch", reason(r));
        assertEquals("4000", r.headers().firstValue("Upload-Offset").orElseThrow());
        // wrong content type
        r = alice.send(alice.req(loc).header("Upload-Offset", "4000").header("Content-Type", "application/octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(data, 4000, 100)).build());
        assertEquals(415, r.statusCode());
        // missing offset
        r = alice.send(alice.req(loc).header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(data, 4000, 100)).build());
        assertEquals(400, r.statusCode());
        assertEquals("bad-upload-offset", reason(r));
        // body longer than declared
        byte[] tooLong = new byte[7000];
        r = alice.patch(loc, 4000, tooLong, 0, tooLong.length);
        assertEquals(413, r.statusCode());
        assertEquals("body-exceeds-upload-length", reason(r));
        // unknown upload
        assertEquals(404, alice.patch(alice.base + "/uploads/" + TestHelpers.randomSi(12345), 0, data, 0, 10).statusCode());
        // nothing corrupted: finish the upload normally
        assertEquals(204, alice.patchAll(loc, data, 4000, 3000).statusCode());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("spool").resolve(SI)));
    }

    @Test
    void chunkedBodyOverrunningTheLengthKeepsOnlyTheValidPrefix() throws Exception {
        byte[] data = TestHelpers.randomBytes(10_000, 8);
        String loc = open(data.length, 9_999);
        byte[] big = new byte[200_000];
        System.arraycopy(data, 0, big, 0, data.length);
        // A streamed body of unknown length (chunked) that runs past Upload-Length.
        HttpResponse<String> r = alice.send(alice.req(loc).header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build());
        assertEquals(413, r.statusCode());
        long offset = Long.parseLong(alice.head(loc).headers().firstValue("Upload-Offset").orElseThrow());
        assertTrue(offset <= data.length);
        assertEquals(204, alice.patchAll(loc, data, offset, 5000).statusCode());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("spool").resolve(SI)));
    }

    @Test
    void badRequestsOnOneUploadLeaveOthersAlone() throws Exception {
        byte[] a = TestHelpers.randomBytes(50_000, 31);
        byte[] b = TestHelpers.randomBytes(50_000, 32);
        String siB = TestHelpers.randomSi(32);
        String locA = open(a.length, 50_001);
        HttpResponse<String> cb = alice.create(b.length, TusClient.md(siB, 3, 7, 10, 50_001));
        assertEquals(201, cb.statusCode());
        String locB = helper.rootUrl() + cb.headers().firstValue("Location").orElseThrow();
        assertEquals(204, alice.patch(locB, 0, b, 0, 20_000).statusCode());
        assertEquals(409, alice.patch(locA, 5, a, 0, 100).statusCode());
        assertEquals(413, alice.patch(locA, 0, new byte[60_000], 0, 60_000).statusCode());
        assertEquals(401, alice.withToken("wrong-token-wrong-token").patch(locB, 20_000, b, 20_000, 100).statusCode());
        assertEquals(204, alice.patchAll(locB, b, 20_000, 7_000).statusCode());
        assertEquals(204, alice.patchAll(locA, a, 0, 9_000).statusCode());
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("spool").resolve(SI)));
        assertArrayEquals(b, Files.readAllBytes(dir.resolve("spool").resolve(siB)));
    }

    @Test
    void parametersCannotChangeBetweenResumes() {
        open(10_000, 9_999);
        HttpResponse<String> r = alice.create(10_000, TusClient.md(SI, 2, 7, 10, 10_000));
        assertEquals(409, r.statusCode());
        assertEquals("params-mismatch", reason(r));
        r = alice.create(10_001, TusClient.md(SI, 3, 7, 10, 9_999));
        assertEquals(409, r.statusCode());
    }

    @Test
    void checksumVerifiedPerPatch() throws Exception {
        byte[] data = TestHelpers.randomBytes(10_000, 9);
        String loc = open(data.length, 9_999);
        byte[] good = MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOfRange(data, 0, 6000));
        HttpResponse<String> r = alice.send(alice.req(loc).header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
                .header("Upload-Checksum", "sha256 " + Base64.getEncoder().encodeToString(new byte[32]))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(data, 0, 6000)).build());
        assertEquals(460, r.statusCode());
        assertEquals("0", r.headers().firstValue("Upload-Offset").orElseThrow());
        assertEquals(0, Files.size(dir.resolve("spool").resolve(SI)));
        r = alice.send(alice.req(loc).header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
                .header("Upload-Checksum", "md5 " + Base64.getEncoder().encodeToString(new byte[16]))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(data, 0, 6000)).build());
        assertEquals(400, r.statusCode());
        assertEquals("unsupported-checksum-algorithm", reason(r));
        r = alice.send(alice.req(loc).header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
                .header("Upload-Checksum", "sha256 " + Base64.getEncoder().encodeToString(good))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(data, 0, 6000)).build());
        assertEquals(204, r.statusCode());
        assertEquals("6000", r.headers().firstValue("Upload-Offset").orElseThrow());
    }

    @Test
    void tokenQuotas() {
        TusClient bob = alice.withToken(TestHelpers.BOB);
        // max file size (1M for bob)
        HttpResponse<String> r = bob.create(2 << 20, TusClient.md(TestHelpers.randomSi(20), 3, 7, 10, 131073));
        assertEquals(413, r.statusCode());
        assertEquals("upload-too-large", reason(r));
        // concurrent uploads (1 for bob)
        String si1 = TestHelpers.randomSi(21);
        assertEquals(201, bob.create(400_000, TusClient.md(si1, 3, 7, 10, 131073, 43)).statusCode());
        r = bob.create(1000, TusClient.md(TestHelpers.randomSi(22), 3, 7, 10, 1002));
        assertEquals(403, r.statusCode());
        assertEquals("quota-concurrent-uploads", reason(r));
        // bytes per day (300000 for bob): the PATCH past the quota is refused, earlier bytes stay
        byte[] data = TestHelpers.randomBytes(400_000, 21);
        String loc = helper.rootUrl() + "/helper/v1/uploads/" + si1;
        assertEquals(204, bob.patch(loc, 0, data, 0, 250_000).statusCode());
        r = bob.patch(loc, 250_000, data, 250_000, 100_000);
        assertEquals(403, r.statusCode());
        assertEquals("quota-bytes-per-day", reason(r));
        assertEquals("250000", bob.head(loc).headers().firstValue("Upload-Offset").orElseThrow());
        // another token with the key proof can join and finish the same file
        assertEquals("joined", alice.create(400_000, TusClient.md(si1, 3, 7, 10, 131073, 43))
                .headers().firstValue("Helper-Upload-State").orElseThrow());
        assertEquals(204, alice.patchAll(loc, data, 250_000, 100_000).statusCode());
    }

    @Test
    void segmentBudgetGives507ForNewUploads() {
        // limits.max-open-segments is 2000 in the tests' configuration
        HttpResponse<String> r = alice.create(1500 * 3000, TusClient.md(TestHelpers.randomSi(33), 3, 7, 10, 3000));
        assertEquals(201, r.statusCode(), r.body());
        r = alice.create(600 * 3000, TusClient.md(TestHelpers.randomSi(34), 3, 7, 10, 3000));
        assertEquals(507, r.statusCode());
        assertEquals("segment-budget-full", reason(r));
        assertEquals(201, alice.create(400 * 3000, TusClient.md(TestHelpers.randomSi(35), 3, 7, 10, 3000)).statusCode());
    }

    @Test
    void spoolQuotaGives507ForNewUploads() {
        HttpResponse<String> r = alice.create(40 << 20, TusClient.md(TestHelpers.randomSi(30), 3, 7, 10, 131073));
        assertEquals(201, r.statusCode());
        r = alice.create(30 << 20, TusClient.md(TestHelpers.randomSi(31), 3, 7, 10, 131073));
        assertEquals(507, r.statusCode());
        assertEquals("spool-full", reason(r));
        assertEquals(201, alice.create(20 << 20, TusClient.md(TestHelpers.randomSi(32), 3, 7, 10, 131073)).statusCode());
    }

    @Test
    void concurrentPatchIsLocked() throws Exception {
        byte[] data = TestHelpers.randomBytes(2_000_000, 10);
        String loc = open(data.length, 131073);
        // A slow body keeps the first PATCH open while a second one arrives.
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
        java.io.InputStream slow = new java.io.InputStream() {
            int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos == 100_000) {
                    reached.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        return -1;
                    }
                }
                if (pos >= 200_000) {
                    return -1;
                }
                int n = Math.min(len, (pos < 100_000 ? 100_000 : 200_000) - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        var first = alice.http.sendAsync(alice.req(loc).header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> slow)).build(), HttpResponse.BodyHandlers.ofString());
        // Probe only once the first PATCH's body is flowing (so it holds the lock): an earlier
        // probe at offset 0 could take the lock itself.
        reached.await();
        // Probe at the durable offset (checkpoints move it while the body flows): a PATCH behind
        // it is answered with the held offset before any lock is needed.
        TestHelpers.waitFor("first PATCH to hold the lock", () -> {
            int at = Integer.parseInt(alice.head(loc).headers().firstValue("Upload-Offset").orElseThrow());
            return alice.patch(loc, at, data, at, 10).statusCode() == 423;
        });
        release.countDown();
        HttpResponse<String> done = first.get();
        assertEquals(204, done.statusCode(), done.body());
        assertEquals("200000", done.headers().firstValue("Upload-Offset").orElseThrow());
    }
}
