package org.lafs.helper.upload;

/**
 * Durable life-cycle of an upload. Live sub-phases (placing, pushing, finishing) are reported by
 * the pipeline and are not stored: after a restart they are recomputed from the journal.
 */
public enum UploadState {
    /** Ciphertext may still arrive; the pipeline may already be encoding durable segments. */
    ACTIVE,
    /** The pipeline finished; the result is stored under {@code r/<si>}. */
    DONE,
    /** The pipeline failed permanently (e.g. not enough servers); the reason is in the result. */
    FAILED
}
