package org.lafs.helper.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IngestQueueTest {
    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void drainsEveryByteInOrderInFullBatchesSplittingBuffersAtBatchEdges() {
        byte[] data = random(100_000, 1);
        int[] sizes = {1, 4095, 4097, 9000, 300, 8192, 16384, 7, 33_000};
        IngestQueue q = new IngestQueue(4096);
        int at = 0;
        for (int i = 0; at < data.length; i++) {
            int len = Math.min(sizes[i % sizes.length], data.length - at);
            q.add(Buffer.buffer().appendBytes(data, at, len));
            at += len;
        }
        assertEquals(data.length, q.queued());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!q.isEmpty()) {
            long before = q.queued();
            ByteBuffer v = q.drain();
            int n = v.remaining();
            assertEquals(Math.min(before, 4096), n, "a drain is full unless the queue runs out");
            assertEquals(before - n, q.queued());
            out.write(v.array(), v.arrayOffset() + v.position(), n);
        }
        assertArrayEquals(data, out.toByteArray());
    }

    @Test
    void reusesOneBatchArray() {
        IngestQueue q = new IngestQueue(16);
        q.add(Buffer.buffer(random(40, 2)));
        byte[] first = q.drain().array();
        assertSame(first, q.drain().array());
        assertEquals(8, q.queued());
        assertEquals(8, q.drain().remaining());
        assertTrue(q.isEmpty());
        assertEquals(0, q.drain().remaining(), "an empty queue drains nothing");
    }

    @Test
    void clearDropsQueuedBytes() {
        IngestQueue q = new IngestQueue(16);
        q.add(Buffer.buffer(random(10, 3)));
        q.clear();
        assertTrue(q.isEmpty());
        assertEquals(0, q.drain().remaining());
    }

    @Test
    void rejectsNonPositiveBatch() {
        assertThrows(IllegalArgumentException.class, () -> new IngestQueue(0));
    }
}
