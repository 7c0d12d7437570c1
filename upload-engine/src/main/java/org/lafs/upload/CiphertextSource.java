package org.lafs.upload;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Ciphertext of one file: the helper's spool (possibly still arriving) or a local file.
 *
 * <p>Threading: called on the pipeline's Vert.x context; implementations must not block it.
 */
public interface CiphertextSource {

    /** Total ciphertext length (equals the plaintext length). */
    long size();

    /**
     * Reads {@code [offset, offset + length)}. Completes when those bytes are durable/available,
     * with exactly {@code length} bytes. The pipeline reads segments in order, at most a few
     * segments ahead, and reads earlier offsets again when it resumes or replaces a server.
     * The buffer is handed over: the pipeline may keep its bytes without copying, so the source
     * must not modify or reuse it afterwards.
     */
    Future<Buffer> read(long offset, int length);

    /**
     * Whether {@code [offset, offset + length)} is already here, so that a {@link #read} of it
     * would not wait for a client. The pipeline groups such segments into larger writes. The
     * default (a complete local source) says yes.
     */
    default boolean available(long offset, int length) {
        return true;
    }
}
