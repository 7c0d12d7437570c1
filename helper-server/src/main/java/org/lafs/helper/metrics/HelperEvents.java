package org.lafs.helper.metrics;

/**
 * Everything the helper reports about itself, as events. Business code calls only this
 * interface; {@link HelperMetrics} is the one bridge to Micrometer. Counter names follow Tahoe's
 * {@code chk_upload_helper.*} stats (src/allmydata/immutable/offloaded.py).
 *
 * <p>Threading: implementations must be thread-safe and non-blocking.
 */
public interface HelperEvents {
    /** A client asked to upload a storage index ({@code upload_requests}). */
    default void uploadRequested() {}

    /** The file was already in the grid ({@code upload_already_present}). */
    default void alreadyPresent() {}

    /** The file must be uploaded ({@code upload_need_upload}). */
    default void needUpload() {}

    /** An upload continued from durable state: spool, journal or restart ({@code resumes}). */
    default void resumed() {}

    /** Ciphertext bytes durable in the spool ({@code fetched_bytes}). */
    default void ciphertextReceived(long bytes) {}

    /** Ciphertext bytes of one segment encoded ({@code encoded_bytes}). */
    default void segmentEncoded(long bytes) {}

    /** The encoder waited {@code nanos} for a server's window to open. */
    default void windowStall(String server, long nanos) {}

    /** Share bytes a server acknowledged. */
    default void bytesPushed(String server, long bytes) {}

    /** A phase (grid-check, fsync, placement, push, finish...) took {@code nanos}. */
    default void phaseTime(String phase, long nanos) {}

    /** An upload ended ({@code done}, {@code in-grid}, {@code failed}, {@code expired}, {@code terminated}). */
    default void uploadEnded(String outcome, long nanos) {}

    /** A request was refused with {@code reason}. */
    default void rejected(String reason) {}

    /** A Foolscap connection was accepted ({@code helper.foolscap.connections}). */
    default void foolscapConnectionOpened() {}

    /** A Foolscap connection ended; {@code reason} is short and machine-readable. */
    default void foolscapConnectionClosed(String reason) {}

    /** How the helper answered a Foolscap {@code upload_chk}: {@code in-grid}, {@code upload} or {@code refused-<reason>}. */
    default void foolscapUploadChk(String answer) {}

    /** Ciphertext bytes pulled from Foolscap clients with {@code read_encrypted} and made durable. */
    default void foolscapCiphertextFetched(long bytes) {}

    HelperEvents NONE = new HelperEvents() {};
}
