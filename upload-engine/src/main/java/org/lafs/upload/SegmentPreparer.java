package org.lafs.upload;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Map;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.Tags;
import org.lafs.chk.encode.EncodedSegment;
import org.lafs.chk.encode.SegmentEncoder;
import org.lafs.chk.encode.SegmentHashStore;
import org.lafs.format.TaggedHash;

/**
 * Gets segments ready to push: reads a segment's ciphertext, feeds it to the whole-ciphertext
 * hash (strictly in order) and erasure-codes it on the worker pool, recording its hashes in the
 * store the first time. Confined to the pipeline's context; the CPU work runs on the workers.
 */
final class SegmentPreparer {
    private final ContextHop hop;
    private final WorkerPool workers;
    private final FileGeometry g;
    private final SegmentEncoder encoder;
    private final CiphertextSource source;
    private final SegmentHashStore hashes;
    private final UploadListener listener;
    private final TaggedHash.Hasher whole = TaggedHash.hasher(Tags.CRYPTTEXT);
    /** Segments below this one are in (or queued for) the whole-ciphertext hash. */
    private int hashedUpTo;
    /** The whole-ciphertext hash's updates, one after the other on the workers. */
    private Future<Void> hashChain = Future.succeededFuture();
    private long ciphertextRead;
    private long encodeNanos;

    SegmentPreparer(ContextHop hop, WorkerPool workers, SegmentEncoder encoder, CiphertextSource source,
                    SegmentHashStore hashes, UploadListener listener) {
        this.hop = hop;
        this.workers = workers;
        this.encoder = encoder;
        this.g = encoder.geometry();
        this.source = source;
        this.hashes = hashes;
        this.listener = listener;
    }

    /** The first segment the whole-ciphertext hash has not been given yet. */
    int hashedUpTo() {
        return hashedUpTo;
    }

    /** Completes when every segment given to the whole-ciphertext hash is in it. */
    Future<Void> hashed() {
        return hashChain;
    }

    /** Blocking, once {@link #hashed()} covers every segment: the whole-ciphertext hash. */
    byte[] wholeCiphertextHash() {
        return whole.digest();
    }

    long ciphertextRead() {
        return ciphertextRead;
    }

    long encodeNanos() {
        return encodeNanos;
    }

    /**
     * Reads (if needed), hashes into the whole-ciphertext hash (in order) and encodes (if needed)
     * segment {@code s}.
     *
     * @param recordHashes whether the segment's hashes are not in the store yet
     * @param neededByAShare whether a share still needs the segment's block
     * @param reads where the ciphertext read is registered, for delivery to see what has arrived
     */
    Future<PreparedSegment> prepare(int s, boolean recordHashes, boolean neededByAShare, Map<Integer, Future<?>> reads) {
        // a segment's hashes go to the store once, on the worker that encodes it: the store may
        // be a scratch file (FileSegmentHashes), whose writes must not run on the event loop
        boolean needEncode = recordHashes || neededByAShare;
        boolean needHash = s == hashedUpTo;
        if (!needEncode && !needHash) {
            return Future.succeededFuture(new PreparedSegment(s, null));
        }
        int len = g.segmentLength(s);
        long offset = g.segmentOffset(s);
        Future<byte[]> bytes = hop.here(source.read(offset, len)).compose(b -> {
            if (b.length() != len) {
                return Future.failedFuture(new UploadException("ciphertext source returned " + b.length()
                        + " bytes at offset " + offset + " where " + len + " were asked for"));
            }
            ciphertextRead += len;
            return Future.succeededFuture(ownedArray(b));
        }, t -> Future.failedFuture(new UploadException("reading ciphertext at offset " + offset + " failed: "
                + Failures.describe(t), t)));
        reads.put(s, bytes);
        if (needHash) {
            hashedUpTo = s + 1;
            hashChain = hashChain.compose(v -> bytes).compose(b -> workers.<Void>run(() -> {
                whole.update(b, 0, len);
                return null;
            }));
        }
        // A segment counts as prepared only once the whole-file hash has taken it too: delivery,
        // and so the reading of further segments, cannot run ahead of the (sequential) hash chain,
        // which would otherwise keep every read segment alive until hashed (seen as 31 segments
        // held during a 1 GiB upload, loadtest/REPORT.md section 2).
        Future<Void> hashed = needHash ? hashChain : Future.succeededFuture();
        if (!needEncode) {
            return hashed.map(v -> new PreparedSegment(s, null));
        }
        return bytes.compose(b -> {
            listener.segmentEncodeStart(s);
            return workers.run(() -> {
                long t0 = System.nanoTime();
                EncodedSegment e = encoder.encode(s, b, 0, len);
                if (recordHashes) {
                    hashes.add(e);
                }
                return new Encoded(e, System.nanoTime() - t0);
            });
        }).map(r -> {
            encodeNanos += r.workerNanos();
            listener.segmentEncodeEnd(s, r.workerNanos());
            return new PreparedSegment(s, r.segment());
        }).compose(p -> hashed.map(v -> p));
    }

    /** An encoder run's result and the worker time it took. */
    private record Encoded(EncodedSegment segment, long workerNanos) {}

    /**
     * The bytes of a buffer a {@link CiphertextSource} handed over: its backing array when that is
     * exactly the buffer (a fresh read), else a copy. Saves a 128 KiB copy per segment on the
     * event loop.
     */
    private static byte[] ownedArray(Buffer b) {
        ByteBuf bb = ((BufferInternal) b).getByteBuf();
        if (bb.hasArray() && bb.arrayOffset() == 0 && bb.readerIndex() == 0 && bb.array().length == b.length()) {
            return bb.array();
        }
        return b.getBytes();
    }
}
