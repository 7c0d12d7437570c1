package org.lafs.client;

/**
 * A client operation failed for a reason the user can act on. The message is one line, names
 * the cause, and never contains a secret (cap, key, token). {@link #kind()} lets callers map it
 * to an exit code or an HTTP status (the local node answers 400/404/410/500/502 by kind).
 */
public final class LafsException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, by what the caller can do about it. */
    public enum Kind {
        /** The input is malformed (cap, range, parameters): fix it. */
        BAD_INPUT,
        /** The grid has no (or not enough) shares of this file. */
        NOT_FOUND,
        /** The grid's shares do not match the cap (UEB hash mismatch, corrupt beyond repair). */
        INTEGRITY,
        /** The local file changed during the upload. */
        FILE_CHANGED,
        /**
         * The grid holds shares of other data under this file's storage index (it is
         * "poisoned"): no cap was made; another convergence secret or segment size gives another
         * storage index.
         */
        POISONED,
        /** The helper or the grid refused or failed; retrying later may help. */
        REMOTE,
        /** A local I/O failure. */
        LOCAL_IO
    }

    private final Kind kind;

    public LafsException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public LafsException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
