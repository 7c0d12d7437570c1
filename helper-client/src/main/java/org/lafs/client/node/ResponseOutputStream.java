package org.lafs.client.node;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link OutputStream} for a worker thread that writes to a Vert.x response with
 * back-pressure: bytes are collected into {@link #CHUNK}-byte buffers and each buffer is written
 * only after the previous write completed, so at most two chunks are queued per response.
 * The first write sends the headers the caller set. Not thread-safe (one worker writes).
 */
final class ResponseOutputStream extends OutputStream {
    /** Write granularity: a fraction of a 128 KiB segment, large enough to keep the socket busy. */
    static final int CHUNK = 64 * 1024;
    /** A client that reads nothing for this long is abandoned. */
    static final long STALL_SECONDS = 120;

    private final HttpServerResponse response;
    private Buffer pending = Buffer.buffer(CHUNK);
    private Future<Void> last = Future.succeededFuture();
    private long written;

    ResponseOutputStream(HttpServerResponse response) {
        this.response = response;
    }

    long written() {
        return written;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, CHUNK - pending.length());
            pending.appendBytes(b, off, n);
            off += n;
            len -= n;
            if (pending.length() == CHUNK) {
                push();
            }
        }
    }

    @Override
    public void flush() throws IOException {
        if (pending.length() > 0) {
            push();
        }
    }

    /** Waits for the last write; the caller then ends the response. */
    void drain() throws IOException {
        flush();
        await(last);
    }

    private void push() throws IOException {
        await(last);
        Buffer b = pending;
        pending = Buffer.buffer(CHUNK);
        written += b.length();
        last = response.write(b);
    }

    private static void await(Future<Void> f) throws IOException {
        try {
            f.toCompletionStage().toCompletableFuture().get(STALL_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the HTTP client went away or stopped reading");
        }
    }
}
