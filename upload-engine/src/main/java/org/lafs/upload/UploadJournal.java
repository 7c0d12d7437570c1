package org.lafs.upload;

import java.util.Optional;

/**
 * Durable progress of one upload: RocksDB in the helper, a file or memory in the client
 * ({@link MemoryUploadJournal}).
 *
 * <p>All methods may block: the pipeline calls them on worker threads, one call at a time and
 * in order for one upload. A method that throws fails the upload (nothing is acknowledged that
 * was not saved).
 */
public interface UploadJournal {

    /** The placement saved by an earlier run, if any. */
    Optional<SavedPlacement> placement();

    /**
     * Saves share -> server, upload secrets and allocated size. Called before the first allocate
     * request (secrets only, so slots a killed run opened can be taken back), after allocation,
     * before the first share byte is written, and again whenever a share moves to another server
     * or a restarted share has caught up.
     */
    void savePlacement(SavedPlacement p);

    /** How many segments, counted from 0, are saved: the resume point. */
    int segmentsAcknowledged();

    /** The record of segment {@code index} < {@link #segmentsAcknowledged()}. */
    SegmentRecord segment(int index);

    /**
     * Saves segment {@code index} (segment hash and n block hashes). Called in segment order,
     * once every server has acknowledged that segment's blocks; after it returns,
     * {@link #segmentsAcknowledged()} is {@code index + 1}.
     */
    void saveSegment(int index, SegmentRecord r);

    /**
     * Saves segments {@code first}, {@code first + 1}, ... in order, as {@link #saveSegment} each
     * would; a journal may write them at once (the pipeline acknowledges a write batch of several
     * segments together).
     */
    default void saveSegments(int first, java.util.List<SegmentRecord> records) {
        for (int i = 0; i < records.size(); i++) {
            saveSegment(first + i, records.get(i));
        }
    }

    /** Saves the outcome; the upload is then finished. */
    void saveResult(UploadResult r);
}
