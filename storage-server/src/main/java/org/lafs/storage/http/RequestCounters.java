package org.lafs.storage.http;

/**
 * The node counters the HTTP routes move. An interface so that {@code NodeStats} can hand the
 * routes its mutators without making them part of its public API. Implementations are
 * thread-safe.
 */
public interface RequestCounters {
    /** A request arrived (any route, answered or not). */
    void request();

    /** A PATCH whose Content-Range covers {@code bytes} passed its checks and is being streamed. */
    void patchStarted(long bytes);

    /** The PATCH counted by {@link #patchStarted} has been answered or abandoned. */
    void patchFinished(long bytes);

    /** {@code bytes} of share data reached the disk. */
    void written(long bytes);
}
