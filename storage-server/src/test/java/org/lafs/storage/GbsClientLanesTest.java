package org.lafs.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lafs.storage.TestSupport.await;
import static org.lafs.storage.TestSupport.awaitFailure;
import static org.lafs.storage.TestSupport.bytes;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.gbs.GbsClient;
import org.lafs.gbs.LeaseSecrets;
import org.lafs.grid.ServerInfo;
import org.lafs.net.EventLoops;

/**
 * GbsClient's lanes (one connection pool per event loop) against a real storage node over TLS:
 * a lane's requests run, and complete, on its loop whatever thread or loop calls; the unbound
 * client stays on the calling loop; and whole-share reads of several body chunks come back
 * complete from every kind of caller. That last part is the hazard {@code ConnectionLanes.onLane}
 * guards against: Vert.x hands a response's body over as soon as it arrives, so the body handler
 * must be set in the turn that completes {@code send()}; composed on another thread it was once
 * set late and a whole-share read lost its first 64 KiB.
 */
class GbsClientLanesTest {
    private static final int LOOPS = 4;
    /** Several 16 KiB TLS records and Vert.x chunks: a late body handler would miss the first ones. */
    private static final int SHARE = 335_310;

    private Vertx vertx;
    private StorageNode node;
    private GbsClient client;
    private EventLoops loops;
    private final byte[] si = bytes(16, 3);
    private final byte[] share = bytes(SHARE, 5);

    @BeforeEach
    void start(@TempDir Path dir) {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS));
        node = await(StorageNode.start(vertx, NodeConfig.of(dir).withHost("127.0.0.1").withPort(0)));
        ServerInfo s = node.serverInfo();
        client = GbsClient.create(vertx, s.nurl());
        loops = EventLoops.of(vertx);
        LeaseSecrets leases = LeaseSecrets.random();
        byte[] upload = LeaseSecrets.randomUploadSecret();
        await(client.allocate(si, leases.renewSecret(si, s.leaseSeed()), leases.cancelSecret(si, s.leaseSeed()), upload,
                Set.of(0), share.length));
        await(client.write(si, 0, upload, 0, Buffer.buffer(share)));
    }

    @AfterEach
    void stop() {
        client.close();
        await(node.close());
        await(vertx.close());
    }

    @Test
    void aLaneRunsOnItsLoopFromEveryKindOfCaller() {
        assertEquals(LOOPS, client.lanes());
        assertEquals(LOOPS, loops.size());
        for (int lane = 0; lane < LOOPS; lane++) {
            GbsClient view = client.lane(lane);
            Thread laneThread = threadOf(lane);
            List<Supplier<Future<Thread>>> callers = new ArrayList<>();
            callers.add(() -> readOn(view)); // the test thread
            callers.add(() -> vertx.executeBlocking(() -> readOn(view), false).compose(f -> f)); // a worker thread
            for (int from = 0; from < LOOPS; from++) {
                int j = from;
                callers.add(() -> {
                    Promise<Thread> p = Promise.promise();
                    loops.context(j).runOnContext(v -> readOn(view).onComplete(p));
                    return p.future();
                });
            }
            for (Supplier<Future<Thread>> caller : callers) {
                assertSame(laneThread, await(caller.get()), "lane " + lane + " completed elsewhere");
            }
        }
    }

    @Test
    void theUnboundClientStaysOnTheCallingLoop() {
        for (int from = 0; from < LOOPS; from++) {
            int j = from;
            Promise<Thread> p = Promise.promise();
            loops.context(j).runOnContext(v -> readOn(client).onComplete(p));
            assertSame(threadOf(j), await(p.future()), "called on loop " + j);
            assertEquals(j, indexOnLoop(j));
        }
        // off the loops, calls take the loops in turn: every loop carries some
        java.util.Set<Thread> seen = new java.util.HashSet<>();
        for (int i = 0; i < 4 * LOOPS; i++) {
            Thread t = await(readOn(client));
            // a read that completed before map() was attached (this thread descheduled in
            // between, seen on a loaded 2-core box) maps here at once: it names no loop
            if (t != Thread.currentThread()) {
                seen.add(t);
            }
        }
        assertEquals(LOOPS, seen.size(), "calls from the test thread should use every loop in turn");
    }

    @Test
    void concurrentWholeReadsThroughEveryLaneReturnEveryByte() {
        for (int round = 0; round < 3; round++) {
            List<Future<Buffer>> reads = new ArrayList<>();
            for (int lane = 0; lane < LOOPS; lane++) {
                GbsClient view = client.lane(lane);
                for (int i = 0; i < 4; i++) {
                    reads.add(view.read(si, 0, 0, SHARE)); // test thread
                    reads.add(vertx.executeBlocking(() -> await(view.read(si, 0, 0, SHARE)), false)); // worker
                    int from = (lane + i + 1) % LOOPS; // another loop than the lane's
                    Promise<Buffer> p = Promise.promise();
                    loops.context(from).runOnContext(v -> view.read(si, 0, 0, SHARE).onComplete(p));
                    reads.add(p.future());
                }
            }
            for (Future<Buffer> f : reads) {
                Buffer got = await(f);
                assertEquals(SHARE, got.length());
                assertArrayEquals(share, got.getBytes());
            }
        }
    }

    @Test
    void closingAnyViewClosesEveryLane() {
        await(client.lane(1).read(si, 0, 0, 10));
        await(client.lane(2).closeAsync());
        for (int lane = 0; lane < LOOPS; lane++) {
            Throwable t = awaitFailure(client.lane(lane).read(si, 0, 0, 10));
            assertTrue(t.getMessage().contains("closed"), String.valueOf(t));
        }
    }

    /** Reads the whole share through {@code c}, checks it, and tells which thread completed the read. */
    private Future<Thread> readOn(GbsClient c) {
        return c.read(si, 0, 0, SHARE).map(b -> {
            assertArrayEquals(share, b.getBytes());
            return Thread.currentThread();
        });
    }

    private Thread threadOf(int loop) {
        Promise<Thread> p = Promise.promise();
        loops.context(loop).runOnContext(v -> p.complete(Thread.currentThread()));
        return await(p.future());
    }

    private int indexOnLoop(int loop) {
        Promise<Integer> p = Promise.promise();
        loops.context(loop).runOnContext(v -> p.complete(loops.current()));
        return await(p.future());
    }
}
