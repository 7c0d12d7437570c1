package org.lafs.loadtest.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.client.HelperEndpoint;
import org.lafs.client.helper.HelperException;
import org.lafs.loadtest.net.DelayProxy;
import org.lafs.loadtest.proc.GridProcess;
import org.lafs.loadtest.proc.HelperProcess;

/**
 * The simulated client against the real helper and grid, each in its own JVM as the scenarios
 * start them: an upload, a dedup hit of it through a counting proxy, and a wrong pin.
 */
class SimulatedClientTest {
    static final Duration LIMIT = Duration.ofSeconds(120);
    static final int K = 2;
    static final int N = 4;
    @TempDir
    static Path dir;
    static GridProcess grid;
    static HelperProcess helper;
    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        grid = GridProcess.start(dir.resolve("grid"), N, "256m");
        helper = HelperProcess.start(dir.resolve("helper"), grid.serversYaml(), 50_000, "256m");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            Await.get(vertx.close(), Duration.ofSeconds(10));
        }
        if (helper != null) {
            helper.close();
        }
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void uploadsThenADedupHitSendsNoCiphertext() throws Exception {
        String si = Ciphertext.randomStorageIndex();
        long size = (1 << 20) + 12_345; // not a whole number of segments
        long seg = Ciphertext.effectiveSegmentSize(size, K, 131072);
        UploadOutcome first;
        try (SimulatedClient c = new SimulatedClient(helper.endpoint())) {
            first = Await.get(c.upload(si, size, K, N, N, seg, 30), LIMIT);
        }
        assertEquals("created", first.createState(), first.result().encode());
        assertEquals("done", first.finalState(), first.result().encode());
        assertEquals(size, first.bytesSent());
        assertEquals(si, first.storageIndex());
        assertTrue(first.startNanos() <= first.createdNanos() && first.createdNanos() <= first.lastByteNanos()
                && first.lastByteNanos() <= first.doneNanos(), "timestamps in order");
        assertTrue(first.result().getInteger("client-poll-rounds") >= 1, first.result().encode());

        DelayProxy proxy = new DelayProxy(vertx, "127.0.0.1", helper.port(), 0, null);
        Await.get(proxy.start(), LIMIT);
        try (SimulatedClient c = new SimulatedClient(helper.endpointVia(proxy.port()))) {
            UploadOutcome again = Await.get(c.upload(si, size, K, N, N, seg, 30), LIMIT);
            assertEquals("in-grid", again.createState());
            assertTrue(again.ok(), again.result().encode());
            assertEquals(0, again.bytesSent());
            // creation and result poll on one keep-alive connection: one TLS handshake, no ciphertext
            assertEquals(1, proxy.connections());
            assertTrue(proxy.bytesUp() > 500 && proxy.bytesUp() < 20_000, "wire bytes " + proxy.bytesUp());
        } finally {
            Await.get(proxy.close(), Duration.ofSeconds(10));
        }
    }

    @Test
    void aWrongPinIsRefusedBeforeAnythingIsSent() {
        HelperEndpoint right = helper.endpoint();
        String wrong = (right.spkiSha256().charAt(0) == 'A' ? "B" : "A") + right.spkiSha256().substring(1);
        try (SimulatedClient c = new SimulatedClient(new HelperEndpoint(right.url(), wrong, HelperProcess.TOKEN))) {
            String si = Ciphertext.randomStorageIndex();
            Exception e = assertThrows(Exception.class, () -> Await.get(c.upload(si, 4096, K, N, N, 4096, 30), LIMIT));
            HelperException h = assertInstanceOf(HelperException.class, e);
            assertEquals("tls", h.reason(), h.getMessage());
        }
    }

    @Test
    void bodyIsTheStandInCiphertextInSlicesFromItsStart() throws Exception {
        long offset = 3 * SimulatedClient.CHUNK + 17;
        long end = offset + 2 * SimulatedClient.CHUNK + 100;
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        for (long p = offset; p < end; p += SimulatedClient.CHUNK) {
            want.write(Ciphertext.slice(p, (int) Math.min(SimulatedClient.CHUNK, end - p)).getBytes());
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (SimulatedClient.Body b = new SimulatedClient.Body(offset, end)) {
            byte[] buf = new byte[5000]; // reads that do not line up with the slices
            for (int n; (n = b.read(buf, 0, buf.length)) >= 0; ) {
                got.write(buf, 0, n);
            }
        }
        assertArrayEquals(want.toByteArray(), got.toByteArray());
    }
}
