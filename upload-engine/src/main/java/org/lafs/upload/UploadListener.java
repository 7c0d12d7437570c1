package org.lafs.upload;

/**
 * Progress and metrics events of one {@link UploadPipeline} run (STYLE.md item 16: business code
 * calls this, one bridge turns it into Micrometer meters). Start/end events come in pairs; an
 * end event carries the failure or null.
 *
 * <p>Threading: called on the pipeline's Vert.x context (an event loop), never concurrently
 * for one upload. Implementations must be fast and must not block or throw. All methods have
 * empty defaults. No secret is ever passed.
 */
public interface UploadListener {
    /** A listener that ignores everything. */
    UploadListener NONE = new UploadListener() {};

    default void uploadStart(long size, int numSegments) {}

    default void uploadEnd(UploadResult result, Throwable failure) {}

    default void serverSelectionStart(int knownServers) {}

    /** @param happiness happiness reached (also on failure) */
    default void serverSelectionEnd(int happiness, Throwable failure) {}

    /** The run continues a saved upload from segment {@code fromSegment}. */
    default void resumed(int fromSegment) {}

    default void segmentEncodeStart(int segment) {}

    /** @param workerNanos time the worker spent hashing and encoding */
    default void segmentEncodeEnd(int segment, long workerNanos) {}

    /** Every server acknowledged the segment's blocks and the journal saved it. */
    default void segmentAcknowledged(int segment) {}

    /** The encoder waits because {@code serverId}'s window is full. */
    default void windowStallStart(String serverId) {}

    default void windowStallEnd(String serverId, long stalledNanos) {}

    /** A write of {@code bytes} share bytes was acknowledged by {@code serverId}. */
    default void bytesPushed(String serverId, long bytes) {}

    /** A server failed during the push; its shares are being moved or dropped. */
    default void serverFailed(String serverId, String reason) {}

    /** Share {@code share} moved from one server to another; it restarts from offset 0. */
    default void shareMoved(int share, String fromServer, String toServer) {}

    /**
     * Shares that servers already held turned out not to be this file's (share -> server -> why);
     * they are not counted (see {@link ExistingShares}).
     */
    default void foreignShares(java.util.SortedMap<Integer, java.util.Map<String, String>> foreign) {}

    default void finishStart() {}

    default void finishEnd(Throwable failure) {}
}
