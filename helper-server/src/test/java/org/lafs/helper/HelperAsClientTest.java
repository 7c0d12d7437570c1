package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lafs.chk.Chk;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.cap.ChkCap;
import org.lafs.format.Base32;
import org.lafs.gbs.LeaseSecrets;
import org.lafs.helper.secrets.SecretFile;

/** Tahoe web-API {@code PUT /uri} with plaintext: the helper encrypts with its own convergence secret. */
class HelperAsClientTest extends GridHelperFixture {
    @Override
    void configure(Map<String, String> c) {
        c.put("helper-as-client.enabled", "true");
    }

    private HttpResponse<String> put(byte[] body, String token) {
        TusClient c = alice.withToken(token);
        return c.send(c.req(helper.rootUrl() + "/uri").PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    @Test
    void plaintextPutGivesTheConvergentCap() throws Exception {
        byte[] plain = TestHelpers.randomBytes(400_000, 3);
        HttpResponse<String> r = put(plain, TestHelpers.ALICE);
        assertEquals(200, r.statusCode(), r.body());
        byte[] secret = SecretFile.readOrCreate(dir.resolve("helper").resolve("convergence"), 32);
        EncodingParameters params = new EncodingParameters(3, 7, 10, 131072);
        assertEquals(((ChkCap) Chk.capabilityOf(plain, secret, params)).uri(), r.body());
        ChkCap cap = ChkCap.parseChk(r.body());
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), grid.verifyShares(cap.storageIndex(), cap.uebHash()));
        // the same plaintext again: answered from the grid
        assertEquals(r.body(), put(plain, TestHelpers.ALICE).body());
        assertEquals(1.0, helper.metrics().counter("chk_upload_helper.upload_already_present"));
    }

    @Test
    void plaintextPutUsesTheConfiguredEncoding() throws Exception {
        // a second helper beside the default one, configured like a Tahoe node with 2-of-5
        Map<String, String> c = TestHelpers.baseConfig(dir.resolve("helper2"));
        c.put("helper-as-client.enabled", "true");
        c.put("helper-as-client.shares.needed", "2");
        c.put("helper-as-client.shares.happy", "4");
        c.put("helper-as-client.shares.total", "5");
        c.put("helper-as-client.max-segment-size", "64KiB");
        Helper other = HelperWiring.start(vertx, TestHelpers.config(c),
                org.lafs.helper.grid.GridConnection.open(vertx, grid.grid.serversYaml()), LeaseSecrets.random()).await();
        try {
            byte[] plain = TestHelpers.randomBytes(300_000, 4);
            TusClient client = new TusClient(other.url(), TestHelpers.ALICE, null);
            HttpResponse<String> r = client.send(client.req(other.rootUrl() + "/uri")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(plain)).build());
            assertEquals(200, r.statusCode(), r.body());
            byte[] secret = SecretFile.readOrCreate(dir.resolve("helper2").resolve("convergence"), 32);
            assertEquals(((ChkCap) Chk.capabilityOf(plain, secret, new EncodingParameters(2, 4, 5, 65536))).uri(), r.body());
            ChkCap cap = ChkCap.parseChk(r.body());
            assertEquals(2, cap.k());
            assertEquals(5, cap.n());
            assertEquals(5, grid.verifyShares(cap.storageIndex(), cap.uebHash()).size());
        } finally {
            other.stop().await();
        }
    }

    @Test
    void smallFilesAreLiteral() {
        HttpResponse<String> r = put("hello".getBytes(), TestHelpers.ALICE);
        assertEquals(200, r.statusCode());
        assertEquals("URI:LIT:" + Base32.encode("hello".getBytes()), r.body());
    }

    /**
     * Issue 13 item 3: the plaintext spool never holds plaintext (it is encrypted as it arrives
     * with a key only the request holds), and one left behind by a killed helper is deleted when
     * the next one starts.
     */
    @Test
    void noPlaintextOnDisk() throws Exception {
        byte[] plain = "the user's private plaintext, line after line\n".repeat(10_000).getBytes();
        Path spool = dir.resolve("helper").resolve("spool");
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", java.net.URI.create(helper.url()).getPort())) {
            s.getOutputStream().write(("PUT /uri HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestHelpers.ALICE
                    + "\r\nContent-Length: " + plain.length + "\r\n\r\n").getBytes());
            s.getOutputStream().write(plain, 0, 300_000);
            s.getOutputStream().flush();
            TestHelpers.waitFor("300,000 bytes in the spool", () -> spooled(spool) >= 300_000);
            try (var files = java.nio.file.Files.list(spool)) {
                Path f = files.filter(p -> p.getFileName().toString().startsWith("plain-")).findFirst().orElseThrow();
                byte[] onDisk = java.nio.file.Files.readAllBytes(f);
                assertTrue(!new String(onDisk, java.nio.charset.StandardCharsets.ISO_8859_1).contains("private plaintext"));
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(f)));
            }
        }
        TestHelpers.waitFor("the aborted request's spool to go", () -> spooled(spool) == 0);
        // a helper killed mid-request leaves its spool: the next start deletes it
        java.nio.file.Files.write(spool.resolve("plain-0123"), plain);
        helper.stop().await();
        Map<String, String> c = TestHelpers.baseConfig(dir.resolve("helper"));
        c.put("helper-as-client.enabled", "true");
        helper = HelperWiring.start(vertx, TestHelpers.config(c),
                org.lafs.helper.grid.GridConnection.open(vertx, grid.grid.serversYaml()), LeaseSecrets.random()).await();
        assertTrue(!java.nio.file.Files.exists(spool.resolve("plain-0123")));
    }

    private static long spooled(Path spool) {
        try (var files = java.nio.file.Files.list(spool)) {
            return files.filter(p -> p.getFileName().toString().startsWith("plain-")).mapToLong(p -> p.toFile().length()).sum();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    void tokenAndLimitsApply() {
        assertEquals(401, put(new byte[100], "nope-nope-nope-nope").statusCode());
        assertEquals(413, put(new byte[(1 << 20) + 1], TestHelpers.BOB).statusCode());
        assertTrue(helper.service().activeUploads().isEmpty());
    }
}
