package org.lafs.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lafs.storage.TestSupport.await;
import static org.lafs.storage.TestSupport.bytes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.gbs.GbsClient;
import org.lafs.gbs.LeaseSecrets;
import org.lafs.grid.ServerInfo;

/**
 * Whole-share reads, concurrent and issued from threads that are not event loops (a test thread,
 * a worker), return exactly the stored bytes. A loaded run once saw a whole read come back
 * without its first 64 KiB; GbsClient now runs every request chain on an event loop.
 */
class WholeShareReadTest {

    @Test
    void wholeReadsFromAForeignThreadReturnEveryByte(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        StorageNode node = await(StorageNode.start(vertx, NodeConfig.of(dir).withHost("127.0.0.1").withPort(0)));
        ServerInfo s = node.serverInfo();
        GbsClient client = GbsClient.create(vertx, s.nurl());
        try {
            LeaseSecrets leases = LeaseSecrets.random();
            byte[] si = bytes(16, 7);
            byte[] upload = LeaseSecrets.randomUploadSecret();
            byte[] share = bytes(335_310, 11);
            await(client.allocate(si, leases.renewSecret(si, s.leaseSeed()), leases.cancelSecret(si, s.leaseSeed()),
                    upload, Set.of(0), share.length));
            await(client.write(si, 0, upload, 0, Buffer.buffer(share)));
            // From a worker context: there Vert.x hands each completion to the worker thread
            // asynchronously, which is where a late body handler loses data.
            for (int i = 0; i < 8; i++) {
                Buffer got = await(vertx.executeBlocking(() -> await(client.read(si, 0, 0, share.length)), false));
                assertArrayEquals(share, got.getBytes(), "read from a worker context");
            }
            for (int round = 0; round < 5; round++) {
                List<Future<Buffer>> reads = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    reads.add(client.read(si, 0, 0, share.length));
                }
                for (Future<Buffer> f : reads) {
                    Buffer got = await(f);
                    assertEquals(share.length, got.length());
                    assertArrayEquals(share, got.getBytes());
                }
            }
        } finally {
            client.close();
            await(node.close());
            await(vertx.close());
        }
    }
}
