package org.lafs.helper.upload;

import io.vertx.core.Future;

/**
 * The seam to the encode-and-push pipeline: starts (or, after a restart, resumes from the
 * journal) the upload of one spooled storage index and completes with its result. The runner
 * reads ciphertext through the upload's durable spool, so it may start before all bytes arrive.
 */
public interface PushRunner {
    Future<HelperResult> run(Upload upload);

    /** Best-effort cleanup of what the grid holds for an abandoned upload (allocated buckets). */
    default Future<Void> abandon(Upload upload) {
        return Future.succeededFuture();
    }
}
