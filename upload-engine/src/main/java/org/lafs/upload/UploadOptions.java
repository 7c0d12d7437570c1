package org.lafs.upload;

/**
 * Tuning of {@link UploadPipeline}. Immutable.
 *
 * @param windowBytes unacknowledged share bytes allowed per server connection. Default 50,000:
 *     Tahoe 1.5's pipelined uploader (immutable/layout.py {@code PIPELINE_SIZE}) kept about
 *     50 kB outstanding per server. 0 = stop-and-wait (one write at a time per server). A
 *     single write larger than the window is sent when nothing else is outstanding.
 * @param segmentsInFlight segments read and being encoded ahead of the push (at least 1), at
 *     most: an upload uses its write batch ({@link #segmentsPerWrite(int)}) plus
 *     {@code segmentsInFlight - segmentsPerWrite} (the margin kept for the encode threads).
 *     Memory per upload is about this many segments plus their blocks plus the windows
 * @param maxWriteBytes largest single write (trailers are split); Tahoe coalesces writes into
 *     requests of about 1 MB (gbs-storage-protocol.md section 3.3)
 * @param segmentsPerWrite the most consecutive segments whose blocks travel to a share in one
 *     write. Each request costs both ends far more CPU than its bytes do (docs/performance.md),
 *     so fewer, larger writes push faster; Tahoe itself batches about 1 MB per request. 1 is
 *     Tahoe 1.5's one block per write. Must not exceed {@code segmentsInFlight}.
 * @param writeBytes the target size of one write: an upload groups
 *     {@code max(1, min(segmentsPerWrite, writeBytes / blockSize))} segments per write, so the
 *     batch, and the segments held for it, are sized in bytes whatever the segment size (with
 *     the 1 MiB segments of stock Tahoe 1.20 clients, 8 segments per write held ~66 MB per
 *     3-of-10 upload). 0: no byte target, {@code segmentsPerWrite} segments.
 * @param maxPasses how many times the pipeline may go back over the ciphertext to bring moved
 *     shares up to date (a moved share restarts from offset 0) before giving up
 */
public record UploadOptions(int windowBytes, int segmentsInFlight, int maxWriteBytes, int maxPasses, int segmentsPerWrite,
                            int writeBytes) {
    public static final int DEFAULT_WINDOW_BYTES = 50_000;
    /**
     * The most segments grouped per write by default (see {@code segmentsPerWrite}). In
     * {@code bin/loadtest throughput} 4 -> 8 raised MB/s by 15-30% and cut the grid's CPU per MB
     * by about a tenth (docs/performance.md); with {@link #DEFAULT_WRITE_BYTES} it is what
     * 128 KiB segments of 3-of-10 get.
     */
    public static final int DEFAULT_SEGMENTS_PER_WRITE = 8;
    /**
     * The default target write: 8 blocks of 43,691 bytes (3-of-10, 128 KiB segments), the 350 KB
     * PATCH that measured best (loadtest/REPORT.md section 4). 1 MiB segments then get one
     * segment per write (a 349,526-byte block).
     */
    public static final int DEFAULT_WRITE_BYTES = 8 * 43_691;
    /**
     * A group of {@link #DEFAULT_SEGMENTS_PER_WRITE} being pushed plus one segment per encode
     * thread (2 on the machine we size for) being prepared.
     */
    public static final UploadOptions DEFAULTS = new UploadOptions(DEFAULT_WINDOW_BYTES, DEFAULT_SEGMENTS_PER_WRITE + 2,
            1_000_000, 4, DEFAULT_SEGMENTS_PER_WRITE, DEFAULT_WRITE_BYTES);

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
        if (writeBytes < 0) {
            throw new IllegalArgumentException("writeBytes must be >= 0, got " + writeBytes);
        }
    }

    /** Without a byte target: {@code segmentsPerWrite} segments per write whatever their size. */
    public UploadOptions(int windowBytes, int segmentsInFlight, int maxWriteBytes, int maxPasses, int segmentsPerWrite) {
        this(windowBytes, segmentsInFlight, maxWriteBytes, maxPasses, segmentsPerWrite, 0);
    }

    /** Segments grouped per write for blocks of {@code blockSize} bytes: at least 1. */
    public int segmentsPerWrite(int blockSize) {
        if (writeBytes == 0 || blockSize <= 0) {
            return segmentsPerWrite;
        }
        return Math.max(1, Math.min(segmentsPerWrite, writeBytes / blockSize));
    }

    /** Segments read and encoded ahead for blocks of {@code blockSize} bytes: the batch plus the encode margin. */
    public int segmentsInFlight(int blockSize) {
        return segmentsPerWrite(blockSize) + (segmentsInFlight - segmentsPerWrite);
    }

    public UploadOptions withWindowBytes(int w) {
        return new UploadOptions(w, segmentsInFlight, maxWriteBytes, maxPasses, segmentsPerWrite, writeBytes);
    }

    /** Also lowers {@link #segmentsPerWrite} to {@code s} when it was larger. */
    public UploadOptions withSegmentsInFlight(int s) {
        return new UploadOptions(windowBytes, s, maxWriteBytes, maxPasses, Math.min(segmentsPerWrite, s), writeBytes);
    }

    /** Sets {@link #segmentsInFlight} to {@code s + 2} (the group plus two being prepared). */
    public UploadOptions withSegmentsPerWrite(int s) {
        return new UploadOptions(windowBytes, Math.min(64, s + 2), maxWriteBytes, maxPasses, s, writeBytes);
    }

    /** The target write size ({@code writeBytes}; 0: segment count only). */
    public UploadOptions withWriteBytes(int bytes) {
        return new UploadOptions(windowBytes, segmentsInFlight, maxWriteBytes, maxPasses, segmentsPerWrite, bytes);
    }
}
