package org.lafs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lafs.storage.TestSupport.await;
import static org.lafs.storage.TestSupport.awaitFailure;
import static org.lafs.storage.TestSupport.bytes;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.gbs.ByteRange;
import org.lafs.gbs.GbsClient;
import org.lafs.gbs.GbsClientOptions;
import org.lafs.gbs.GbsException;

/** The fault hooks other modules' tests rely on, and how the client reports each fault. */
class FaultInjectionTest {
    Vertx vertx;
    StorageNode node;
    GbsClient client;
    final byte[] si = bytes(16, 1);
    final byte[] up = bytes(20, 2);

    @BeforeEach
    void start(@TempDir Path dir) {
        vertx = Vertx.vertx();
        node = await(StorageNode.start(vertx, NodeConfig.of(dir)));
        client = GbsClient.create(vertx, node.nurl(), GbsClientOptions.defaults().withResponseTimeoutMs(1000).withGetAttempts(1));
        await(client.allocate(si, bytes(32, 3), bytes(32, 4), up, Set.of(0), 1000));
    }

    @AfterEach
    void stop() {
        client.close();
        await(node.close());
        await(vertx.close());
    }

    GbsException fail(io.vertx.core.Future<?> f) {
        return assertInstanceOf(GbsException.class, awaitFailure(f));
    }

    @Test
    void stallTimesOut() {
        node.faultPolicy(FaultPolicy.times(1, HttpMethod.GET, ".*/version", Fault.stall()));
        GbsException e = fail(client.version());
        assertEquals(0, e.status());
        assertTrue(e.retryable());
        assertTrue(await(client.version()).availableSpace() > 0, "the next request is served");
    }

    @Test
    void disconnectAndStatusFaults() {
        node.faultPolicy(FaultPolicy.times(1, null, ".*", Fault.disconnect()));
        assertTrue(fail(client.listShares(si)).retryable());
        node.faultPolicy(FaultPolicy.times(1, null, ".*", Fault.status(401)));
        GbsException e = fail(client.listShares(si));
        assertEquals(401, e.status());
        assertTrue(!e.retryable());
        node.faultPolicy(FaultPolicy.times(1, null, ".*", Fault.status(500)));
        assertTrue(fail(client.listShares(si)).retryable());
        assertEquals(Set.of(), await(client.listShares(si)));
    }

    @Test
    void disconnectMidBodyAppliesNothing() {
        node.faultPolicy(FaultPolicy.times(1, HttpMethod.PATCH, ".*", Fault.disconnectMidBody()));
        fail(client.write(si, 0, up, 0, Buffer.buffer(bytes(500, 5))));
        // nothing of [0, 500) was stored: after writing the last byte, all of [0, 999) is still required
        assertEquals(List.of(new ByteRange(0, 999)), await(client.write(si, 0, up, 999, Buffer.buffer(new byte[1]))).required());
    }

    @Test
    void droppedResponseStillAppliesTheWrite() {
        byte[] share = bytes(1000, 6);
        node.faultPolicy(FaultPolicy.times(1, HttpMethod.PATCH, ".*", Fault.dropResponse()));
        fail(client.write(si, 0, up, 0, Buffer.buffer(share)));
        // the write was applied and completed the share: a retry gets 404, the list shows it
        TestSupport.waitFor(() -> await(client.listShares(si)).equals(Set.of(0)), "share to be complete");
        assertEquals(404, fail(client.write(si, 0, up, 0, Buffer.buffer(share))).status());
    }
}
