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
 * @param maxPasses how many times the pipeline may go back over the ciphertext to bring moved
 *     shares up to date (a moved share restarts from offset 0) before giving up
 */
public record UploadOptions(int windowBytes, int segmentsInFlight, int maxWriteBytes, int maxPasses) {
    public static final int DEFAULT_WINDOW_BYTES = 50_000;
    public static final UploadOptions DEFAULTS = new UploadOptions(DEFAULT_WINDOW_BYTES, 3, 1_000_000, 4);

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
    }

    public UploadOptions withWindowBytes(int w) {
        return new UploadOptions(w, segmentsInFlight, maxWriteBytes, maxPasses);
    }

    public UploadOptions withSegmentsInFlight(int s) {
        return new UploadOptions(windowBytes, s, maxWriteBytes, maxPasses);
    }
}
