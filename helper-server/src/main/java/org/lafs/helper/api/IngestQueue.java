package org.lafs.helper.api;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The body buffers an {@link IngestSession} has taken but not yet written, drained in order into
 * one reused batch array of at most {@code batchSize} bytes. A buffer that does not fit whole
 * leaves its rest at the head of the queue as a slice (a view, no copy). The array is allocated at
 * the first drain and then reused, so a PATCH allocates one batch rather than one per write.
 *
 * <p>Threading: not thread-safe; owned by the session's event loop. The view {@link #drain}
 * returns stays valid until the next drain, which the session never starts while a write of the
 * previous view runs.
 */
final class IngestQueue {
    private final ArrayDeque<Buffer> buffers = new ArrayDeque<>();
    private final int batchSize;
    private byte[] batch;
    private long queued;

    IngestQueue(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.batchSize = batchSize;
    }

    void add(Buffer b) {
        buffers.add(b);
        queued += b.length();
    }

    /** Bytes queued (not yet drained). */
    long queued() {
        return queued;
    }

    boolean isEmpty() {
        return queued == 0;
    }

    void clear() {
        buffers.clear();
        queued = 0;
    }

    /**
     * Moves the next {@code min(queued, batchSize)} bytes into the batch array and returns a view of
     * them (position 0, limit = their count).
     */
    ByteBuffer drain() {
        if (batch == null) {
            batch = new byte[batchSize];
        }
        int n = 0;
        while (n < batchSize && !buffers.isEmpty()) {
            Buffer b = buffers.pollFirst();
            int take = Math.min(b.length(), batchSize - n);
            b.getBytes(0, take, batch, n);
            n += take;
            if (take < b.length()) {
                buffers.addFirst(b.slice(take, b.length()));
            }
        }
        queued -= n;
        return ByteBuffer.wrap(batch, 0, n);
    }
}
