package org.lafs.upload;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.lafs.chk.encode.EncodedSegment;

/**
 * Records the push's progress in the {@link UploadJournal}: each segment once its hashes are
 * known and every share has acknowledged its block (in segment order, so the journal's count is
 * a prefix), and the placement whenever it changes. Journal calls run on the workers one after
 * the other; the first that fails stops the recording and fails the upload.
 *
 * <p>Confined to the pipeline's context.
 */
final class ProgressRecorder {
    private final WorkerPool workers;
    private final UploadJournal journal;
    private final UploadListener listener;
    private final int numSegments;
    private final int n;
    private final Consumer<Throwable> onFailure;
    /** Segments whose hashes are in the hash store (all below the resume point, then as encoded). */
    private final BitSet hashesKnown;
    /** Hashes of segments known but not yet journaled. */
    private final Map<Integer, SegmentRecord> unsaved = new HashMap<>();
    /** The next segment to journal: the journal's acknowledged count once the chain has run. */
    private int journalNext;
    private Future<Void> journalChain = Future.succeededFuture();
    private boolean broken;

    /**
     * @param resumeFrom the journal's acknowledged segment count (their hashes are in the store)
     * @param onFailure told once a journal call failed
     */
    ProgressRecorder(WorkerPool workers, UploadJournal journal, UploadListener listener, int numSegments, int n,
                     int resumeFrom, Consumer<Throwable> onFailure) {
        this.workers = workers;
        this.journal = journal;
        this.listener = listener;
        this.numSegments = numSegments;
        this.n = n;
        this.onFailure = onFailure;
        this.hashesKnown = new BitSet(numSegments);
        hashesKnown.set(0, resumeFrom);
        this.journalNext = resumeFrom;
    }

    boolean hashesKnown(int segment) {
        return hashesKnown.get(segment);
    }

    /** The first segment whose hashes are not known yet. */
    int firstWithoutHashes() {
        return hashesKnown.nextClearBit(0);
    }

    /** The encode worker has put the segment's hashes in the store: keep them for the journal. */
    void hashesComputed(int segment, EncodedSegment e) {
        hashesKnown.set(segment);
        byte[][] blocks = new byte[n][];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = e.blockHash(i);
        }
        unsaved.put(segment, new SegmentRecord(e.segmentHash(), blocks));
    }

    /** Segments recorded (or queued for the journal): every share holds the ones below. */
    int acknowledged() {
        return journalNext;
    }

    /** Whether a journal call failed: nothing more is recorded. */
    boolean broken() {
        return broken;
    }

    /** Completes when every journal call queued so far has run. */
    Future<Void> saved() {
        return journalChain;
    }

    /**
     * Journals every segment that became recordable: hashes known and, per {@code allAcked},
     * acknowledged by every share. All of them in one call (one RocksDB write and one worker hop
     * for a whole write batch instead of one per segment).
     */
    void recordAcknowledged(IntPredicate allAcked) {
        int first = journalNext;
        List<SegmentRecord> records = new ArrayList<>();
        while (journalNext < numSegments && hashesKnown.get(journalNext) && allAcked.test(journalNext)) {
            records.add(unsaved.remove(journalNext++));
        }
        if (records.isEmpty()) {
            return;
        }
        journalChain = journalChain.compose(v -> workers.<Void>run(() -> {
            journal.saveSegments(first, records);
            return null;
        })).onSuccess(v -> {
            for (int i = 0; i < records.size(); i++) {
                listener.segmentAcknowledged(first + i);
            }
        });
        journalChain.onFailure(t -> {
            broken = true;
            onFailure.accept(new UploadException("saving upload progress failed: " + Failures.describe(t), t));
        });
    }

    /** Journals the placement after whatever was queued before. */
    void savePlacement(SavedPlacement p) {
        journalChain = journalChain.compose(v -> workers.<Void>run(() -> {
            journal.savePlacement(p);
            return null;
        }));
        journalChain.onFailure(t -> {
            broken = true;
            onFailure.accept(new UploadException("saving upload placement failed: " + Failures.describe(t), t));
        });
    }
}
