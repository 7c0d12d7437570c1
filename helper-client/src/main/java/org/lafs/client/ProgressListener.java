package org.lafs.client;

/**
 * Progress of one upload or download, for progress bars. Phases come in order (for an upload
 * through a helper: {@code hashing}, {@code uploading}, {@code helper}); {@link #progress} reports
 * bytes done within the current phase. Called on the thread doing the work; implementations must
 * be quick and must not throw. All methods default to doing nothing.
 */
public interface ProgressListener {
    /** Ignores everything. */
    ProgressListener NONE = new ProgressListener() {};

    /**
     * A phase starts.
     *
     * @param name short phase name
     * @param total bytes the phase will process (0 when unknown)
     * @param alreadyDone bytes that need no work (e.g. ciphertext the helper already held)
     */
    default void phase(String name, long total, long alreadyDone) {}

    /** {@code done} bytes of the current phase are finished (including {@code alreadyDone}). */
    default void progress(long done) {}

    /** A one-line note for the user (resuming, retrying, waiting for the helper). */
    default void note(String message) {}
}
