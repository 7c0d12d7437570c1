package org.lafs.helper.upload;

import io.vertx.core.Future;

/**
 * Asks the grid whether a storage index is already fully stored (helper-semantics.md section 4,
 * tightened: the UEB must agree across shares). Completes with the in-grid result, or with
 * {@code null} when the file must be uploaded; never fails (a broken grid means "upload").
 */
public interface GridProbe {
    Future<HelperResult> probe(byte[] storageIndex);

    /** A probe for a helper with no grid check (every file must be uploaded). */
    GridProbe NONE = si -> Future.succeededFuture(null);
}
