package org.lafs.upload;

/**
 * Tuning of {@link UploadPipeline}. Immutable.
 *
 * @param windowBytes unacknowledged share bytes allowed per server connection. Default 50,000:
 *     Tahoe 1.5's pipelined uploader (immutable/layout.py {@code PIPELINE_SIZE}) kept about
 *     50 kB outstanding per server. 0 = stop-and-wait (one write at a time per server). A
 *     single write larger than the window is sent when nothing else is outstanding.
 * @param segmentsInFlight segments read and being encoded ahead of the push (at least 1);
 *     memory per upload is about this many segments plus their blocks plus the windows
 * @param maxWriteBytes largest single write (trailers are split); Tahoe coalesces writes into
 *     requests of about 1 MB (gbs-storage-protocol.md section 3.3)
 * @param segmentsPerWrite blocks of up to this many consecutive segments travel to a share in
 *     one write (at most {@code maxWriteBytes}). Each request costs both ends far more CPU than
 *     its bytes do (docs/performance.md), so fewer, larger writes push faster; Tahoe itself
 *     batches about 1 MB per request, which would hold 22 segments per upload for 3-of-10.
 *     Default 4 (175 KB writes for 3-of-10); 1 is Tahoe 1.5's one block per write. Must not
 *     exceed {@code segmentsInFlight}.
 * @param maxPasses how many times the pipeline may go back over the ciphertext to bring moved
 *     shares up to date (a moved share restarts from offset 0) before giving up
 */
public record UploadOptions(int windowBytes, int segmentsInFlight, int maxWriteBytes, int maxPasses, int segmentsPerWrite) {
    public static final int DEFAULT_WINDOW_BYTES = 50_000;
    /**
     * Segments grouped per write by default (see {@code segmentsPerWrite}): 8 makes a 350 KB
     * PATCH for 3-of-10 with 128 KiB segments. In {@code bin/loadtest throughput} 4 -> 8 raised
     * MB/s by 15-30% and cut the grid's CPU per MB by about a tenth (docs/performance.md), for
     * ~1.7 MiB more memory per upload; Tahoe's own HTTP uploader writes ~1 MB per request.
     */
    public static final int DEFAULT_SEGMENTS_PER_WRITE = 8;
    /**
     * A group of {@link #DEFAULT_SEGMENTS_PER_WRITE} being pushed plus one segment per encode
     * thread (2 on the machine we size for) being prepared.
     */
    public static final UploadOptions DEFAULTS = new UploadOptions(DEFAULT_WINDOW_BYTES, DEFAULT_SEGMENTS_PER_WRITE + 2,
            1_000_000, 4, DEFAULT_SEGMENTS_PER_WRITE);

    public UploadOptions {
        if (windowBytes < 0) {
            throw new IllegalArgumentException("windowBytes must be >= 0, got " + windowBytes);
        }
        if (segmentsInFlight < 1 || segmentsInFlight > 64) {
            throw new IllegalArgumentException("segmentsInFlight must be 1..64, got " + segmentsInFlight);
        }
        if (maxWriteBytes < 1024) {
            throw new IllegalArgumentException("maxWriteBytes must be >= 1024, got " + maxWriteBytes);
        }
        if (maxPasses < 1) {
            throw new IllegalArgumentException("maxPasses must be >= 1, got " + maxPasses);
        }
        if (segmentsPerWrite < 1 || segmentsPerWrite > segmentsInFlight) {
            throw new IllegalArgumentException("segmentsPerWrite must be 1..segmentsInFlight (" + segmentsInFlight
                    + "), got " + segmentsPerWrite);
        }
    }

    public UploadOptions withWindowBytes(int w) {
        return new UploadOptions(w, segmentsInFlight, maxWriteBytes, maxPasses, segmentsPerWrite);
    }

    /** Also lowers {@link #segmentsPerWrite} to {@code s} when it was larger. */
    public UploadOptions withSegmentsInFlight(int s) {
        return new UploadOptions(windowBytes, s, maxWriteBytes, maxPasses, Math.min(segmentsPerWrite, s));
    }

    /** Sets {@link #segmentsInFlight} to {@code s + 2} (the group plus two being prepared). */
    public UploadOptions withSegmentsPerWrite(int s) {
        return new UploadOptions(windowBytes, Math.min(64, s + 2), maxWriteBytes, maxPasses, s);
    }
}
