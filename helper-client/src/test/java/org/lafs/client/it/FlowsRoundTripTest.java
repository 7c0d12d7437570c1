package org.lafs.client.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lafs.chk.Chk;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.cap.Capability;
import org.lafs.client.LafsClient;
import org.lafs.client.ProgressListener;
import org.lafs.client.UploadReport;
import org.lafs.client.helper.PinnedTls;
import org.lafs.format.Base32;

/**
 * Round trips through the three flows against a real 10-node grid and a real helper process:
 * local node -> helper -> grid, helper-as-client (the helper's PUT /uri), and direct. Every
 * flow must give the cap computed offline, and every download must return the same bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(600)
class FlowsRoundTripTest {
    static final int M = 131072;

    @TempDir
    static Path dir;
    TestGrid grid;
    HelperProcess helper;
    LafsClient viaHelper;
    LafsClient direct;
    byte[] secret;

    @BeforeAll
    void start() throws Exception {
        grid = TestGrid.start(dir.resolve("grid"));
        helper = HelperProcess.startIfAvailable(dir.resolve("helper"), grid.serversYaml(),
                ClientNodes.convergenceFile(dir.resolve("conv")));
        viaHelper = helper == null ? null
                : new LafsClient(ClientNodes.config(ClientNodes.node(dir.resolve("node-helper"), grid, helper)));
        direct = new LafsClient(ClientNodes.config(ClientNodes.node(dir.resolve("node-direct"), grid, null)));
        secret = Base32.decode(ClientNodes.CONVERGENCE.strip());
    }

    @AfterAll
    void stop() throws Exception {
        if (viaHelper != null) {
            viaHelper.close();
            helper.close();
        }
        direct.close();
        grid.close();
    }

    static Stream<Integer> sizes() {
        return Stream.of(0, 1, 55, 56, M - 1, M + 1, 16 * M + 1);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void allFlowsGiveTheSameCapAndBytes(int size) throws Exception {
        byte[] plain = new byte[size];
        new java.util.Random(size).nextBytes(plain);
        Path file = dir.resolve("file-" + size);
        Files.write(file, plain);
        String expected = Chk.capabilityOf(plain, secret, EncodingParameters.DEFAULTS).uri();

        UploadReport h = null;
        if (helper != null) {
            h = viaHelper.upload(file, ProgressListener.NONE);
            assertEquals(expected, h.cap().uri(), "helper flow");
            assertArrayEquals(plain, download(viaHelper, h.cap()));
            assertEquals(expected, helperAsClient(plain), "helper-as-client flow");
        }

        UploadReport d = direct.upload(file, ProgressListener.NONE);
        assertEquals(expected, d.cap().uri(), "direct flow");
        assertArrayEquals(plain, download(direct, d.cap()));
        assertEquals(size > 55 ? "direct" : "literal", d.mode());
        if (h != null) {
            assertEquals(size > 55 ? "helper" : "literal", h.mode());
        }
    }

    @Test
    void hundredMegabytesThroughTheHelper() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(helper != null, "helper-server not available");
        big(viaHelper, 11);
    }

    @Test
    void hundredMegabytesDirect() throws Exception {
        big(direct, 12);
    }

    private void big(LafsClient client, long seed) throws Exception {
        long size = 100L * 1000 * 1000;
        Path file = Files2.random(dir.resolve("big-" + seed), size, seed);
        UploadReport r = client.upload(file, ProgressListener.NONE);
        String expected = Chk.capabilityOf(() -> Files.newInputStream(file), size, secret, EncodingParameters.DEFAULTS).uri();
        assertEquals(expected, r.cap().uri());
        Path out = dir.resolve("big-out-" + seed);
        try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            client.download(r.cap(), o, ProgressListener.NONE);
        }
        assertArrayEquals(Files2.sha256(file), Files2.sha256(out));
        Files.delete(file);
        Files.delete(out);
    }

    private static byte[] download(LafsClient c, Capability cap) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.download(cap, out, ProgressListener.NONE);
        return out.toByteArray();
    }

    /** Flow 2: Tahoe's PUT /uri on the helper itself (it encrypts with the same secret). */
    private String helperAsClient(byte[] plain) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(PinnedTls.context(helper.pin)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(helper.rootUrl() + "/uri"))
                .header("Authorization", "Bearer " + HelperProcess.TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(plain)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.statusCode() + " " + r.body());
        return r.body().strip();
    }
}
