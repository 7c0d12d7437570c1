package org.lafs.net;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import org.lafs.chk.CtrCipher;

/**
 * Streams a request body (or one multipart file) into a spool file, with back-pressure, bounded,
 * and checked: the local node's and the helper's plaintext bodies go through here.
 * <ul>
 *   <li>A body without {@code Content-Length} (chunked, or a form field) declares no size up
 *       front, so the limit is counted as the bytes arrive ({@link TooLarge}).</li>
 *   <li>Every write is checked: the first that fails (a full disk) fails the whole body
 *       ({@link SpoolFailed}), and a body that ends short of its declared length is refused
 *       ({@link Incomplete}). So a spool file is the whole body or an error, never a prefix with
 *       holes that would be uploaded as if complete.</li>
 *   <li>With a cipher, each buffer is encrypted before it is written (an ephemeral key that only
 *       the process holds: a spool left by a crash is unreadable).</li>
 * </ul>
 * Spool files are created new and owner-only ({@link #OPTIONS}). Threading: call on the
 * request's event loop; AES-CTR costs about 0.05 ns per byte (PERF-NOTES.md), a few
 * microseconds per buffer.
 */
public final class BodySpool {
    /** How spool files are opened: new, owner-only. */
    public static final OpenOptions OPTIONS = new OpenOptions().setWrite(true).setCreateNew(true).setPerms("rw-------");

    /** The body went past the limit; the file holds a prefix and the caller deletes it. */
    public static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(long max) {
            super("at most " + max + " bytes");
        }
    }

    /** The body ended before the length it declared (the client went away, or lied). */
    public static final class Incomplete extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Incomplete(long got, long declared) {
            super("the body ended after " + got + " of the " + declared + " bytes its Content-Length declares");
        }
    }

    /** A write to the spool file failed (disk full, I/O error); nothing may be made of the body. */
    public static final class SpoolFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SpoolFailed(Throwable cause) {
            super("cannot store the body on this machine's disk: " + describe(cause), cause);
        }

        private static String describe(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof IOException && c.getMessage() != null) {
                    return c.getMessage();
                }
            }
            return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        }
    }

    private BodySpool() {}

    /**
     * Writes {@code body} to {@code file} (closing it) and completes with the byte count at the
     * body's end, once every write and the close have succeeded.
     *
     * @param declared the body's declared length ({@code Content-Length}), or -1 when none
     * @param cipher encrypts each buffer before it is written (positioned at 0), or null
     */
    public static Future<Long> toFile(ReadStream<Buffer> body, AsyncFile file, long max, long declared, CtrCipher cipher) {
        Promise<Long> done = Promise.promise();
        long[] seen = {0};
        Throwable[] writeFailure = {null};
        body.exceptionHandler(err -> file.close().onComplete(ar -> done.tryFail(err)));
        body.endHandler(v -> file.close().onComplete(ar -> {
            if (writeFailure[0] != null) {
                done.tryFail(new SpoolFailed(writeFailure[0]));
            } else if (ar.failed()) {
                done.tryFail(new SpoolFailed(ar.cause()));
            } else if (declared >= 0 && seen[0] != declared) {
                done.tryFail(new Incomplete(seen[0], declared));
            } else {
                done.tryComplete(seen[0]);
            }
        }));
        body.handler(b -> {
            seen[0] += b.length();
            if (seen[0] > max) {
                stop(body);
                done.tryFail(new TooLarge(max)); // at once: the caller answers and deletes the file
                file.close();
                return;
            }
            Buffer out = b;
            if (cipher != null) {
                byte[] bytes = b.getBytes();
                cipher.apply(bytes, 0, bytes.length);
                out = Buffer.buffer(bytes);
            }
            file.write(out).onFailure(err -> {
                if (writeFailure[0] == null) {
                    writeFailure[0] = err;
                    stop(body);
                    done.tryFail(new SpoolFailed(err));
                    file.close();
                }
            });
            if (writeFailure[0] != null) {
                return; // the write failed at once and closed the file
            }
            if (file.writeQueueFull()) {
                body.pause();
                file.drainHandler(v -> body.resume());
            }
        });
        body.resume();
        return done.future();
    }

    private static void stop(ReadStream<Buffer> body) {
        body.pause();
        body.handler(null);
        body.endHandler(null);
    }
}
