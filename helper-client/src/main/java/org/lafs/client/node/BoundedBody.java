package org.lafs.client.node;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.streams.ReadStream;

/**
 * Streams a request body (or one multipart file) into a file, with back-pressure, and refuses
 * it once it exceeds a limit: a body without {@code Content-Length} (chunked, or a form field)
 * declares no size up front, so the limit has to be counted as the bytes arrive.
 */
final class BoundedBody {
    /** The body went past the limit; the file holds a prefix and the caller deletes it. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long max) {
            super("at most " + max + " bytes");
        }
    }

    private BoundedBody() {}

    /** Writes {@code body} to {@code file} (closing it) and completes at the body's end. */
    static Future<Void> toFile(ReadStream<Buffer> body, AsyncFile file, long max) {
        Promise<Void> done = Promise.promise();
        long[] seen = {0};
        body.exceptionHandler(err -> file.close().onComplete(ar -> done.tryFail(err)));
        body.endHandler(v -> file.close().onComplete(done));
        body.handler(b -> {
            seen[0] += b.length();
            if (seen[0] > max) {
                body.pause();
                body.handler(null);
                body.endHandler(null);
                file.close().onComplete(ar -> done.tryFail(new TooLarge(max)));
                return;
            }
            file.write(b);
            if (file.writeQueueFull()) {
                body.pause();
                file.drainHandler(v -> body.resume());
            }
        });
        body.resume();
        return done.future();
    }
}
