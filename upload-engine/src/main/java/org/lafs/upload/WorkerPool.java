package org.lafs.upload;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/**
 * The pool for the push's blocking work (hashing, erasure coding, journal calls, scratch-file
 * reads), with each result brought back to the pipeline's context, so the event loop never
 * blocks and the state stays on one thread.
 */
record WorkerPool(ContextHop hop, WorkerExecutor executor) {

    /** Runs {@code work} on the pool (unordered); completes on the pipeline's context. */
    <T> Future<T> run(Callable<T> work) {
        return hop.here(executor.executeBlocking(work, false));
    }
}
