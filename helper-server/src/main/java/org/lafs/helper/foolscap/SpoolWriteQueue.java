package org.lafs.helper.foolscap;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import java.nio.ByteBuffer;
import org.lafs.helper.upload.Upload;

/**
 * Ciphertext pieces of one {@link UploadJob} written to its upload's spool one after another,
 * on the spool pool, never on the event loop. A write that fails fails every write queued after
 * it (none of them runs), so the spool never gets a hole. Used from the job's context only.
 */
final class SpoolWriteQueue {
    private final WorkerExecutor spoolPool;
    private Future<Void> tail = Future.succeededFuture();

    SpoolWriteQueue(WorkerExecutor spoolPool) {
        this.spoolPool = spoolPool;
    }

    /** Queues {@code data} for offset {@code at}; {@code then} sees its outcome before {@link #drained} does. */
    void write(Upload u, long at, byte[] data, Handler<AsyncResult<Void>> then) {
        tail = tail.compose(v -> spoolPool.<Void>executeBlocking(() -> {
            u.spool().write(at, ByteBuffer.wrap(data));
            return null;
        })).andThen(then);
    }

    /** Completes (or fails) when every write queued so far has. */
    Future<Void> drained() {
        return tail;
    }
}
