package org.lafs.client.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.Chk;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.cap.ChkCap;
import org.lafs.client.LafsClient;
import org.lafs.format.Base32;

/**
 * The local node in front of a real helper and grid, driven like {@code tahoe put} / {@code tahoe
 * get} drive a web-API (a real HTTP client, and curl when installed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class LocalNodeGridTest {
    @TempDir
    static Path dir;
    TestGrid grid;
    HelperProcess helper;
    RunningNode node;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start() throws Exception {
        grid = TestGrid.start(dir.resolve("grid"));
        helper = HelperProcess.startIfAvailable(dir.resolve("helper"), grid.serversYaml(),
                ClientNodes.convergenceFile(dir.resolve("conv")));
        node = RunningNode.start(ClientNodes.node(dir.resolve("node"), grid, helper));
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
        if (helper != null) {
            helper.close();
        }
        grid.close();
    }

    String base() {
        return node.base();
    }

    @Test
    void putGetRangeJsonLikeTahoe() throws Exception {
        byte[] plain = new byte[300_000];
        new java.util.Random(3).nextBytes(plain);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base() + "/uri"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(plain)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        String expected = Chk.capabilityOf(plain, Base32.decode(ClientNodes.CONVERGENCE.strip()), EncodingParameters.DEFAULTS).uri();
        assertEquals(expected, put.body());

        String path = base() + "/uri/" + URLEncoder.encode(put.body(), StandardCharsets.UTF_8);
        HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(URI.create(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, get.statusCode());
        assertArrayEquals(plain, get.body());

        HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(URI.create(path)).header("Range", "bytes=131000-140000").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, range.statusCode());
        assertEquals("bytes 131000-140000/300000", range.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(java.util.Arrays.copyOfRange(plain, 131000, 140001), range.body());

        HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(path + "?t=json")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonArray a = new JsonArray(json.body());
        assertEquals("filenode", a.getString(0));
        JsonObject info = a.getJsonObject(1);
        assertEquals(false, info.getBoolean("mutable"));
        assertEquals("CHK", info.getString("format"));
        assertEquals(300_000L, info.getLong("size"));
        assertEquals(put.body(), info.getString("ro_uri"));
        assertEquals(((ChkCap) LafsClient.parseCap(put.body())).verifier().uri(), info.getString("verify_uri"));

        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(base() + "/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(status.body().contains(helper != null ? "connected (" : "directly to the grid"), status.body());
        assertTrue(status.body().contains(Base32.encode(((ChkCap) LafsClient.parseCap(put.body())).storageIndex())));
        assertTrue(!status.body().contains(put.body()), "no caps on the status page");
    }

    @Test
    void curlLikeTahoe() throws Exception {
        boolean curl = new ProcessBuilder("sh", "-c", "command -v curl").start().waitFor() == 0;
        org.junit.jupiter.api.Assumptions.assumeTrue(curl, "curl not installed");
        Path f = Files2.random(dir.resolve("curl-file"), 200_000, 9);
        Process p = new ProcessBuilder("curl", "-sS", "-T", f.toString(), base() + "/uri").redirectErrorStream(true).start();
        String cap = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), cap);
        assertTrue(cap.startsWith("URI:CHK:"), cap);
        Path out = dir.resolve("curl-out");
        Process g = new ProcessBuilder("curl", "-sS", "-f", "-o", out.toString(),
                base() + "/uri/" + URLEncoder.encode(cap, StandardCharsets.UTF_8)).redirectErrorStream(true).start();
        assertEquals(0, g.waitFor(), new String(g.getInputStream().readAllBytes()));
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(out));
    }

    @Test
    void unknownAndMismatchedCapsAre410() throws Exception {
        byte[] plain = new byte[1000];
        ChkCap known = (ChkCap) LafsClient.parseCap(http.send(HttpRequest.newBuilder(URI.create(base() + "/uri"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(plain)).build(), HttpResponse.BodyHandlers.ofString()).body());
        ChkCap unknown = new ChkCap(new byte[16], known.uebHash(), 3, 10, 1000);
        byte[] wrong = known.uebHash();
        wrong[5] ^= 1;
        ChkCap mismatched = new ChkCap(known.key(), wrong, 3, 10, 1000);
        for (ChkCap c : new ChkCap[] {unknown, mismatched}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/uri/"
                    + URLEncoder.encode(c.uri(), StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(410, r.statusCode(), r.body());
            assertEquals(1, r.body().strip().lines().count());
        }
    }
}
