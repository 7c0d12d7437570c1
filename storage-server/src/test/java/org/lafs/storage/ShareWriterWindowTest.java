package org.lafs.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lafs.storage.TestSupport.await;
import static org.lafs.storage.TestSupport.awaitFailure;
import static org.lafs.storage.TestSupport.bytes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.gbs.GbsClient;
import org.lafs.gbs.GbsException;
import org.lafs.gbs.ShareWriter;
import org.lafs.gbs.WriteResult;

/**
 * The ShareWriter window measured at the server: the node delays each PATCH answer so the
 * writer fills its window; the node's count of received-but-unanswered PATCH bytes must never
 * exceed the window.
 */
class ShareWriterWindowTest {
    Vertx vertx;
    StorageNode node;
    GbsClient client;

    @BeforeEach
    void start(@TempDir Path dir) {
        vertx = Vertx.vertx();
        node = await(StorageNode.start(vertx, NodeConfig.of(dir)));
        client = GbsClient.create(vertx, node.nurl());
    }

    @AfterEach
    void stop() {
        client.close();
        await(node.close());
        await(vertx.close());
    }

    /** Writes {@code share} in 10,000-byte blocks, waiting for admission each time (the contract). */
    Future<WriteResult> push(ShareWriter w, byte[] share, int block) {
        Future<Void> f = Future.succeededFuture();
        for (int off = 0; off < share.length; off += block) {
            int at = off;
            int end = Math.min(share.length, off + block);
            f = f.compose(v -> w.write(at, Buffer.buffer(share).slice(at, end)));
        }
        return f.compose(v -> w.close());
    }

    void allocate(byte[] si, byte[] up, int size) {
        assertEquals(Set.of(0), await(client.allocate(si, bytes(32, 1), bytes(32, 2), up, Set.of(0), size)).allocated());
    }

    @Test
    void neverMoreThanWindowInFlight() {
        node.faultPolicy(FaultPolicy.always(HttpMethod.PATCH, ".*", Fault.delay(20)));
        byte[] si = bytes(16, 10);
        byte[] up = bytes(20, 11);
        byte[] share = bytes(400_000, 12);
        allocate(si, up, share.length);
        ShareWriter w = client.shareWriter(si, 0, up, ShareWriter.DEFAULT_WINDOW, ShareWriter.DEFAULT_MAX_REQUEST);
        WriteResult r = await(push(w, share, 10_000));
        assertTrue(r.complete());
        long max = node.stats().maxPatchBytesOutstanding();
        assertTrue(max <= ShareWriter.DEFAULT_WINDOW, "server saw " + max + " unanswered bytes");
        assertTrue(max >= 40_000, "the writer pipelines (server saw at most " + max + " bytes at once)");
        node.faultPolicy(FaultPolicy.NONE);
        assertArrayEquals(share, await(client.read(si, 0, 0, share.length)).getBytes());
    }

    @Test
    void windowZeroIsStopAndWait() {
        node.faultPolicy(FaultPolicy.always(HttpMethod.PATCH, ".*", Fault.delay(5)));
        byte[] si = bytes(16, 20);
        byte[] up = bytes(20, 21);
        byte[] share = bytes(100_000, 22);
        allocate(si, up, share.length);
        ShareWriter w = client.shareWriter(si, 0, up, 0, 8_000);
        assertTrue(await(push(w, share, 30_000)).complete());
        assertEquals(8_000, node.stats().maxPatchBytesOutstanding());
    }

    @Test
    void failureIsReportedAndStopsTheWriter() {
        byte[] si = bytes(16, 30);
        byte[] up = bytes(20, 31);
        allocate(si, up, 50_000);
        node.faultPolicy(FaultPolicy.times(1, HttpMethod.PATCH, ".*", Fault.status(503)));
        ShareWriter w = client.shareWriter(si, 0, up, 20_000, 10_000);
        Throwable t = awaitFailure(push(w, bytes(50_000, 32), 10_000));
        GbsException e = (GbsException) t;
        assertEquals(503, e.status());
        assertTrue(e.retryable());
    }

    @Test
    void incompleteShareFailsClose() {
        byte[] si = bytes(16, 40);
        byte[] up = bytes(20, 41);
        allocate(si, up, 1000);
        ShareWriter w = client.shareWriter(si, 0, up, 50_000, 1_000_000);
        Throwable t = awaitFailure(push(w, bytes(500, 42), 500));
        assertTrue(t.getMessage().contains("share incomplete"), t.getMessage());
    }
}
