package org.lafs.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Window accounting: what may be sent when (socket-free). */
class ServerWindowTest {

    private static final class Stalls implements UploadListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void windowStallStart(String serverId) {
            events.add("start " + serverId);
        }

        @Override
        public void windowStallEnd(String serverId, long stalledNanos) {
            events.add("end " + serverId);
        }
    }

    @Test
    void grantsWhileTheWindowHasRoom() {
        Stalls stalls = new Stalls();
        ServerWindow w = new ServerWindow("s", 50_000, stalls);
        assertTrue(w.acquire(20_000).succeeded());
        assertTrue(w.acquire(30_000).succeeded());
        Future<Void> third = w.acquire(1);
        assertFalse(third.isComplete(), "window full");
        assertEquals(List.of("start s"), stalls.events);
        w.release(20_000);
        assertTrue(third.succeeded());
        assertEquals(List.of("start s", "end s"), stalls.events);
        assertEquals(30_001, w.outstanding());
    }

    @Test
    void aWriteLargerThanTheWindowGoesAlone() {
        ServerWindow w = new ServerWindow("s", 50_000, UploadListener.NONE);
        assertTrue(w.acquire(1_000_000).succeeded());
        Future<Void> next = w.acquire(10);
        assertFalse(next.isComplete());
        w.release(1_000_000);
        assertTrue(next.succeeded());
    }

    @Test
    void zeroIsStopAndWait() {
        ServerWindow w = new ServerWindow("s", 0, UploadListener.NONE);
        assertTrue(w.acquire(100).succeeded());
        Future<Void> second = w.acquire(100);
        Future<Void> third = w.acquire(100);
        assertFalse(second.isComplete());
        w.release(100);
        assertTrue(second.succeeded());
        assertFalse(third.isComplete(), "still one at a time");
        w.release(100);
        assertTrue(third.succeeded());
    }

    @Test
    void grantsInOrder() {
        ServerWindow w = new ServerWindow("s", 100, UploadListener.NONE);
        assertTrue(w.acquire(100).succeeded());
        Future<Void> big = w.acquire(80);
        Future<Void> small = w.acquire(10);
        assertFalse(big.isComplete(), "100 outstanding: the window is full");
        w.release(50);
        assertTrue(big.succeeded(), "50 < 100 outstanding: the next write may go, whatever its size");
        assertFalse(small.isComplete(), "130 outstanding: full again, the small write waits its turn");
        w.release(50);
        assertTrue(small.succeeded());
        assertEquals(90, w.outstanding());
    }

    @Test
    void tahoeSemanticsKeepTwoBlocksInFlight() {
        // 3-of-10, 128 KiB segments: 43,691-byte blocks against the default 50,000-byte window.
        ServerWindow w = new ServerWindow("s", 50_000, UploadListener.NONE);
        assertTrue(w.acquire(43_691).succeeded());
        assertTrue(w.acquire(43_691).succeeded(), "43,691 < 50,000 outstanding: a second block may go");
        Future<Void> third = w.acquire(43_691);
        assertFalse(third.isComplete(), "87,382 outstanding: wait");
        w.release(43_691);
        assertTrue(third.succeeded());
    }

    @Test
    void failAllFailsWaiters() {
        ServerWindow w = new ServerWindow("s", 10, UploadListener.NONE);
        w.acquire(10);
        Future<Void> waiting = w.acquire(10);
        w.failAll(new IllegalStateException("down"));
        assertTrue(waiting.failed());
    }
}
