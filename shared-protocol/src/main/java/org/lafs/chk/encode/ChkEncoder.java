package org.lafs.chk.encode;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.Tags;
import org.lafs.chk.share.ShareLayout;
import org.lafs.codec.ErasureCodec;
import org.lafs.format.TaggedHash;

/**
 * Whole-file CHK encoder over a ciphertext stream: writes each share's header, its blocks
 * segment by segment, then its trailer, strictly in order (chk-format.md section 12), to a
 * {@link ShareSink}. Holds one segment buffer, its parity blocks and the per-segment hashes
 * (32 bytes per segment per share), never the file. Runs on the calling thread (blocking I/O
 * on the stream and sink); a parallel pipeline uses {@link SegmentEncoder},
 * {@link SegmentHashes} and {@link ChkFinisher} directly.
 */
public final class ChkEncoder {
    private ChkEncoder() {}

    /** Encodes with the layout version chosen by section 11.4. */
    public static ChkEncodeResult encode(InputStream ciphertext, FileGeometry g, ShareSink sink) throws IOException {
        return encode(ciphertext, g, sink, ShareLayout.of(g), ErasureCodec.create(g.k(), g.n()));
    }

    /**
     * Reads exactly {@code g.size()} ciphertext bytes and writes all n shares.
     *
     * @throws EOFException if the stream ends early
     */
    public static ChkEncodeResult encode(InputStream ciphertext, FileGeometry g, ShareSink sink,
                                         ShareLayout layout, ErasureCodec codec) throws IOException {
        SegmentEncoder encoder = new SegmentEncoder(g, codec);
        SegmentHashes hashes = new SegmentHashes(g);
        TaggedHash.Hasher whole = TaggedHash.hasher(Tags.CRYPTTEXT);
        writeHeaders(g, layout, sink);
        byte[] buf = new byte[g.segmentSize()];
        for (int s = 0; s < g.numSegments(); s++) {
            int len = g.segmentLength(s);
            readFully(ciphertext, buf, len, g.segmentOffset(s));
            whole.update(buf, 0, len);
            writeBlocks(encoder.encode(s, buf, 0, len), g, layout, sink, hashes);
        }
        return writeTrailers(hashes, whole, g, layout, sink);
    }

    /**
     * As {@link #encode(InputStream, FileGeometry, ShareSink, ShareLayout, ErasureCodec)}, but
     * erasure coding and block hashing of up to {@code window} segments run concurrently on
     * {@code workers}. Reading, the whole-ciphertext hash and all sink writes stay on the calling
     * thread and in order, so the share bytes are identical. Memory: {@code window} segment
     * buffers plus their parity blocks.
     */
    public static ChkEncodeResult encode(InputStream ciphertext, FileGeometry g, ShareSink sink, ShareLayout layout,
                                         ErasureCodec codec, Executor workers, int window) throws IOException {
        if (window < 1 || window > 1024) {
            throw new IllegalArgumentException("window must be in 1..1024, got " + window);
        }
        SegmentEncoder encoder = new SegmentEncoder(g, codec);
        SegmentHashes hashes = new SegmentHashes(g);
        TaggedHash.Hasher whole = TaggedHash.hasher(Tags.CRYPTTEXT);
        writeHeaders(g, layout, sink);
        ArrayDeque<byte[]> free = new ArrayDeque<>();
        ArrayDeque<Pending> inFlight = new ArrayDeque<>();
        try {
            for (int s = 0; s < g.numSegments(); s++) {
                if (inFlight.size() == window) {
                    free.add(drain(inFlight.removeFirst(), g, layout, sink, hashes));
                }
                byte[] buf = free.isEmpty() ? new byte[g.segmentSize()] : free.removeFirst();
                int len = g.segmentLength(s);
                readFully(ciphertext, buf, len, g.segmentOffset(s));
                whole.update(buf, 0, len);
                int seg = s;
                inFlight.add(new Pending(buf, CompletableFuture.supplyAsync(() -> encoder.encode(seg, buf, 0, len), workers)));
            }
            while (!inFlight.isEmpty()) {
                drain(inFlight.removeFirst(), g, layout, sink, hashes);
            }
        } finally {
            for (Pending p : inFlight) {
                p.result.cancel(false);
            }
        }
        return writeTrailers(hashes, whole, g, layout, sink);
    }

    private record Pending(byte[] buffer, CompletableFuture<EncodedSegment> result) {}

    /** Waits for one segment, writes its blocks, records its hashes; returns its buffer. */
    private static byte[] drain(Pending p, FileGeometry g, ShareLayout layout, ShareSink sink, SegmentHashes hashes)
            throws IOException {
        EncodedSegment e;
        try {
            e = p.result.join();
        } catch (CompletionException | CancellationException ex) {
            Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("segment encoding failed", cause);
        }
        writeBlocks(e, g, layout, sink, hashes);
        return p.buffer;
    }

    /* The steps both encode paths share, so their share bytes cannot drift apart. */

    private static void writeHeaders(FileGeometry g, ShareLayout layout, ShareSink sink) throws IOException {
        byte[] header = layout.header().encode();
        for (int i = 0; i < g.n(); i++) {
            sink.write(i, 0, header);
        }
    }

    /** Writes one encoded segment's block to every share and records its hashes. */
    private static void writeBlocks(EncodedSegment e, FileGeometry g, ShareLayout layout, ShareSink sink,
                                    SegmentHashes hashes) throws IOException {
        long at = layout.dataOffset() + g.blockOffset(e.index());
        for (int i = 0; i < g.n(); i++) {
            sink.write(i, at, e.blockArray(i), e.blockArrayOffset(i), e.blockLength());
        }
        hashes.add(e);
    }

    private static ChkEncodeResult writeTrailers(SegmentHashes hashes, TaggedHash.Hasher whole, FileGeometry g,
                                                 ShareLayout layout, ShareSink sink) throws IOException {
        ShareTrailers t = ChkFinisher.finish(hashes, whole.digest(), layout);
        for (int i = 0; i < g.n(); i++) {
            sink.write(i, t.trailerOffset(), t.trailer(i));
        }
        return new ChkEncodeResult(g, layout, t.uebBytes(), t.uebHash());
    }

    private static void readFully(InputStream in, byte[] buf, int len, long at) throws IOException {
        int done = 0;
        while (done < len) {
            int r = in.read(buf, done, len - done);
            if (r < 0) {
                throw new EOFException("ciphertext ended at byte " + (at + done) + ", before its declared size");
            }
            done += r;
        }
    }
}
