package org.lafs.client.download;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a Vert.x future from a non-event-loop thread, with a timeout. */
final class Await {
    private Await() {}

    /** Thrown when the wait ran out; the operation may still complete later. */
    static final class TimedOut extends IOException {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message);
        }
    }

    static <T> T get(Future<T> f, long timeoutMillis, String what) throws IOException {
        try {
            return f.toCompletionStage().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimedOut(what + " took longer than " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(what + " failed: " + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage()), c);
        }
    }
}
