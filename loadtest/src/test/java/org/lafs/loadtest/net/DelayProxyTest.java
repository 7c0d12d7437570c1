package org.lafs.loadtest.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lafs.loadtest.sim.Await;

/** The proxy against a real echo server on loopback: bytes intact, in order, delayed, counted. */
class DelayProxyTest {
    private Vertx vertx;
    private NetServer echo;
    private final CompletableFuture<Void> echoSawClose = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        echo = vertx.createNetServer().connectHandler(s -> {
            s.handler(s::write);
            s.closeHandler(v -> echoSawClose.complete(null));
        });
        Await.get(echo.listen(0, "127.0.0.1"), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        Await.get(vertx.close(), Duration.ofSeconds(10));
    }

    /** Sends {@code data} through the proxy to the echo server; returns the echo and the elapsed nanos. */
    private Object[] roundTrip(DelayProxy proxy, byte[] data) throws Exception {
        Promise<Buffer> got = Promise.promise();
        long start = System.nanoTime();
        NetSocket s = Await.get(vertx.createNetClient().connect(proxy.port(), "127.0.0.1"), Duration.ofSeconds(10));
        Buffer acc = Buffer.buffer();
        s.handler(b -> {
            acc.appendBuffer(b);
            if (acc.length() >= data.length) {
                got.tryComplete(acc);
            }
        });
        for (int off = 0; off < data.length; off += 10_000) {
            s.write(Buffer.buffer(java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + 10_000))));
        }
        Buffer back = Await.get(got.future(), Duration.ofSeconds(30));
        long elapsed = System.nanoTime() - start;
        Await.get(s.close(), Duration.ofSeconds(10));
        return new Object[] {back.getBytes(), elapsed};
    }

    @Test
    void forwardsEverythingInOrderAfterTheDelayAndCountsIt() throws Exception {
        DelayProxy p = new DelayProxy(vertx, "127.0.0.1", echo.actualPort(), 15_000_000L, null);
        Await.get(p.start(), Duration.ofSeconds(10));
        byte[] data = new byte[1 << 20];
        new Random(1).nextBytes(data);
        Object[] r = roundTrip(p, data);
        assertArrayEquals(data, (byte[]) r[0]);
        // a delay is a lower bound by construction: 15 ms each way
        assertTrue((long) r[1] >= 30_000_000L, "round trip took " + r[1] + " ns");
        assertEquals(data.length, p.bytesUp());
        assertEquals(data.length, p.bytesDown());
        echoSawClose.get(10, java.util.concurrent.TimeUnit.SECONDS);
        Await.get(p.close(), Duration.ofSeconds(10));
    }

    @Test
    void throttledUplinkStillDeliversEveryByte() throws Exception {
        TokenBucket slow = new TokenBucket(4_000_000, 0);
        DelayProxy p = new DelayProxy(vertx, "127.0.0.1", echo.actualPort(), 0, slow);
        Await.get(p.start(), Duration.ofSeconds(10));
        byte[] data = new byte[600_000];
        new Random(2).nextBytes(data);
        Object[] r = roundTrip(p, data);
        assertArrayEquals(data, (byte[]) r[0]);
        // 600 kB at 4 MB/s cannot arrive in under 150 ms (bucket starts empty)
        assertTrue((long) r[1] >= 140_000_000L, "took " + r[1] + " ns");
        assertEquals(data.length, p.bytesUp());
    }
}
