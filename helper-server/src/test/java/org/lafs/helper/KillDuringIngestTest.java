package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL the helper process in the middle of a PATCH: after restart the client continues from a durable offset. */
class KillDuringIngestTest {
    @TempDir
    Path dir;

    @Test
    void killedMidPatchResumesFromDurableOffset() throws Exception {
        byte[] data = TestHelpers.randomBytes(3_000_000, 77);
        String si = TestHelpers.randomSi(77);
        Map<String, String> cfg = TestHelpers.baseConfig(dir.resolve("state"));
        AtomicInteger sent = new AtomicInteger();
        java.util.concurrent.CountDownLatch killed = new java.util.concurrent.CountDownLatch(1);
        try (HelperProcess first = HelperProcess.start(dir, cfg)) {
            TusClient c = new TusClient(first.url, TestHelpers.ALICE, null);
            assertEquals(201, c.create(data.length, TusClient.md(si, 3, 7, 10, 131073)).statusCode());
            String loc = first.url + "/uploads/" + si;
            // A body that sends 1 MB and then blocks, so the PATCH is in flight when the helper dies.
            InputStream body = new InputStream() {
                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    int at = sent.get();
                    if (at >= 1_000_000) {
                        try {
                            killed.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return -1;
                    }
                    int n = Math.min(len, 1_000_000 - at);
                    System.arraycopy(data, at, b, off, n);
                    sent.addAndGet(n);
                    return n;
                }
            };
            var inflight = c.http.sendAsync(c.req(loc).header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
                    .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(), HttpResponse.BodyHandlers.ofString());
            TestHelpers.waitFor("a durable checkpoint", () -> {
                HttpResponse<String> h = c.head(loc);
                return h.statusCode() == 200 && Long.parseLong(h.headers().firstValue("Upload-Offset").orElse("0")) >= 500_000;
            });
            first.kill();
            killed.countDown();
            inflight.cancel(true);
        }
        Path spool = dir.resolve("state").resolve("spool").resolve(si);
        try (HelperProcess second = HelperProcess.start(dir, cfg)) {
            TusClient c = new TusClient(second.url, TestHelpers.ALICE, null);
            String loc = second.url + "/uploads/" + si;
            HttpResponse<String> h = c.head(loc);
            assertEquals(200, h.statusCode());
            long offset = Long.parseLong(h.headers().firstValue("Upload-Offset").orElseThrow());
            assertTrue(offset >= 500_000 && offset <= 1_000_000, "offset " + offset);
            assertEquals(offset, Files.size(spool));
            assertArrayEquals(Arrays.copyOf(data, (int) offset), Files.readAllBytes(spool));
            assertEquals(204, c.patchAll(loc, data, offset, 1 << 20).statusCode());
            assertArrayEquals(data, Files.readAllBytes(spool));
        }
    }
}
