package org.lafs.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link UploadJournal} in memory: for direct uploads that need no crash recovery, and for
 * tests (one instance survives a "restart" of the pipeline within a process). Thread-safe.
 */
public final class MemoryUploadJournal implements UploadJournal {
    private SavedPlacement placement;
    private final List<SegmentRecord> segments = new ArrayList<>();
    private UploadResult result;
    private int saves;

    @Override
    public synchronized Optional<SavedPlacement> placement() {
        return Optional.ofNullable(placement);
    }

    @Override
    public synchronized void savePlacement(SavedPlacement p) {
        placement = p;
    }

    @Override
    public synchronized int segmentsAcknowledged() {
        return segments.size();
    }

    @Override
    public synchronized SegmentRecord segment(int index) {
        return segments.get(index);
    }

    @Override
    public synchronized void saveSegment(int index, SegmentRecord r) {
        if (index != segments.size()) {
            throw new IllegalStateException("segment " + index + " saved out of order; expected " + segments.size());
        }
        segments.add(r);
        saves++;
    }

    @Override
    public synchronized void saveResult(UploadResult r) {
        result = r;
    }

    /** The saved result, if the upload finished. */
    public synchronized Optional<UploadResult> result() {
        return Optional.ofNullable(result);
    }

    /** How many times {@link #saveSegment} was called on this instance. */
    public synchronized int segmentSaves() {
        return saves;
    }

    /** Forgets the last {@code count} segments (tests: a crash before those saves). */
    public synchronized void truncate(int count) {
        while (segments.size() > count) {
            segments.remove(segments.size() - 1);
        }
    }
}
