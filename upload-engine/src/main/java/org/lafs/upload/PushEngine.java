package org.lafs.upload;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.Tags;
import org.lafs.chk.encode.EncodedSegment;
import org.lafs.chk.encode.SegmentEncoder;
import org.lafs.chk.encode.SegmentHashStore;
import org.lafs.chk.encode.ShareTrailers;
import org.lafs.chk.share.ShareLayout;
import org.lafs.format.TaggedHash;
import org.lafs.gbs.ByteRange;

/**
 * The encode-and-push stage: reads ciphertext segments in order, hashes and erasure-codes them
 * on worker threads (several segments at once, at most {@link UploadOptions#segmentsInFlight(int)}
 * ahead), writes block i of each segment into share i (the blocks of up to
 * {@link UploadOptions#segmentsPerWrite(int)} consecutive segments in one write) through the server's
 * {@link ServerWindow} (delivery of the next segment waits while any window is full, so memory
 * stays bounded), records each segment in the journal once every share has acknowledged it,
 * then builds the hash trees and UEB and writes every share's trailer.
 *
 * <p>Shares that joined late (a replacement, or a resumed share whose slot was lost) need the
 * segments before their joining point: the engine goes over the ciphertext again ("passes")
 * until every share has every block. On resume the first pass only reads and hashes the
 * already-acknowledged prefix (the whole-ciphertext hash needs every byte).
 *
 * <p>Threading: all state lives on the pipeline's context ({@link ContextHop}); CPU work and
 * journal calls run on the worker pool. Single use.
 */
final class PushEngine {

    /** Replaces a failed server's shares (see {@link ShareAllocator#replace}). */
    interface Replacer {
        Future<List<ShareTarget>> replace(String serverId, String reason);

        /** The placement changed (a share moved or caught up): what to save. */
        SavedPlacement placementAfter(int caughtUpShare);
    }

    private static final class Share {
        final int number;
        final UploadServer server;
        final byte[] secret;
        final BitSet needed;
        boolean headerPending;
        boolean trailerPending = true;
        boolean complete;
        boolean failed;
        boolean flagged;
        /** What the server last said it still requires, while the share is incomplete. */
        List<ByteRange> required = List.of();

        Share(ShareTarget t, UploadServer server, int numSegments, int resumeFrom) {
            number = t.share();
            this.server = server;
            secret = t.uploadSecret();
            needed = new BitSet(numSegments);
            needed.set(t.fromStart() ? 0 : resumeFrom, numSegments);
            headerPending = t.fromStart();
            flagged = t.fromStart() && resumeFrom > 0;
        }
    }

    private final ContextHop hop;
    private final WorkerExecutor workers;
    private final FileGeometry g;
    private final ShareLayout layout;
    private final SegmentEncoder encoder;
    private final CiphertextSource source;
    private final UploadJournal journal;
    private final UploadOptions options;
    private final UploadListener listener;
    private final byte[] si;
    private final Replacer replacer;
    private final byte[] header;
    /**
     * Whether one upload's server connections spread over the event loops (true) or all stay on
     * the pipeline's loop ({@code -Dlafs.push.spread=false}, for measurements).
     */
    private static final boolean SPREAD = !"false".equals(System.getProperty("lafs.push.spread"));
    /** The pipeline's event loop (0 when it is not one). */
    private final int homeLane;
    /** Server id -> the lane its writes use. */
    private final Map<String, Integer> lanes = new HashMap<>();
    /** This upload's write batch in segments, from the target write size and its block size. */
    private final int segmentsPerWrite;
    /** Segments read and encoded ahead: the batch plus the encode margin. */
    private final int segmentsInFlight;

    private final Map<Integer, Share> live = new java.util.TreeMap<>();
    private final Map<String, ServerWindow> windows = new HashMap<>();
    private final java.util.Set<String> failedServers = new java.util.HashSet<>();
    private final SegmentHashStore hashes;
    private final BitSet hashesKnown;
    private final Map<Integer, SegmentRecord> unsaved = new HashMap<>();
    private final TaggedHash.Hasher whole = TaggedHash.hasher(Tags.CRYPTTEXT);
    private int hashedUpTo;
    private Future<Void> hashChain = Future.succeededFuture();
    private int journalNext;
    private Future<Void> journalChain = Future.succeededFuture();
    private Future<Void> gate = Future.succeededFuture();
    private int outstanding;
    private final List<Promise<Void>> idleWaiters = new ArrayList<>();
    private final Promise<ShareTrailers> done = Promise.promise();
    private Throwable failure;
    private boolean journalBroken;
    private Runnable drained;
    private int passes;
    /** Times the finish went back for ranges servers said they lack (see {@link #repairReportedGaps}). */
    private int repairs;
    private ShareTrailers trailers;

    long bytesPushed;
    long ciphertextRead;
    long encodeNanos;
    long firstWriteNanos;
    long lastAckNanos;
    long finishStartNanos;

    /**
     * @param resumeFrom the journal's acknowledged segment count
     * @param hashes the segment hash store, already holding the hashes of segments below {@code resumeFrom}
     */
    PushEngine(ContextHop hop, WorkerExecutor workers, SegmentEncoder encoder, ShareLayout layout, CiphertextSource source,
               UploadJournal journal, UploadOptions options, UploadListener listener, byte[] si, Replacer replacer,
               int resumeFrom, SegmentHashStore hashes) {
        this.hop = hop;
        this.workers = workers;
        this.encoder = encoder;
        this.g = encoder.geometry();
        this.layout = layout;
        this.source = source;
        this.journal = journal;
        this.options = options;
        this.listener = listener;
        this.si = si;
        this.replacer = replacer;
        this.header = layout.header().encode();
        this.homeLane = Math.max(0, org.lafs.net.EventLoops.of(hop.context().owner()).indexOf(hop.context()));
        this.segmentsPerWrite = options.segmentsPerWrite(g.blockSize());
        this.segmentsInFlight = options.segmentsInFlight(g.blockSize());
        this.hashes = hashes;
        this.hashesKnown = new BitSet(g.numSegments());
        hashesKnown.set(0, resumeFrom);
        this.journalNext = resumeFrom;
    }

    /**
     * The server as this upload writes to it: its connections on an event loop of their own,
     * the next one after those of the servers before it, starting from the pipeline's loop. One
     * upload's TLS and HTTP work so spreads over the loops (docs/helper-design.md, Threads); its
     * state stays on the pipeline's context ({@link ContextHop} brings the answers back).
     */
    private UploadServer onLane(UploadServer server) {
        if (!SPREAD) {
            return server.lane(homeLane);
        }
        Integer lane = lanes.get(server.serverId());
        if (lane == null) {
            lane = homeLane + lanes.size();
            lanes.put(server.serverId(), lane);
        }
        return server.lane(lane);
    }

    /** Adds shares to write (before {@link #run()}, or as replacements). */
    void add(List<ShareTarget> targets) {
        for (ShareTarget t : targets) {
            Share s = new Share(t, onLane(t.server()), g.numSegments(), journalNext);
            live.put(t.share(), s);
            if (s.headerPending) {
                send(s, 0, Buffer.buffer(header), () -> {
                    s.headerPending = false;
                    afterAck();
                });
            }
        }
    }

    /** Runs every pass and the finish; completes with the trailers once every share is complete. */
    Future<ShareTrailers> run() {
        nextPass();
        return done.future();
    }

    /** Share -> server of the shares this run wrote (including replaced ones' final homes). */
    Map<Integer, String> pushedTo() {
        Map<Integer, String> out = new java.util.TreeMap<>();
        live.forEach((n, s) -> out.put(n, s.server.serverId()));
        return out;
    }

    // ---------------------------------------------------------------- passes

    private void nextPass() {
        if (failure != null) {
            return;
        }
        int first = Math.min(hashedUpTo, hashesKnown.nextClearBit(0));
        for (Share s : live.values()) {
            int b = s.needed.nextSetBit(0);
            if (b >= 0) {
                first = Math.min(first, b);
            }
        }
        if (first >= g.numSegments()) {
            finish();
            return;
        }
        if (++passes > options.maxPasses()) {
            fail(new UploadException("shares were moved too often: gave up after " + options.maxPasses()
                    + " passes over the ciphertext"));
            return;
        }
        new Pass(first).start().onComplete(ar -> {
            if (ar.failed()) {
                fail(ar.cause());
            } else {
                nextPass();
            }
        });
    }

    private record Prepared(int index, EncodedSegment encoded) {}

    /** One trip over segments {@code first..numSegments-1}. */
    private final class Pass {
        private int nextStart;
        private int nextDeliver;
        private boolean delivering;
        private final Map<Integer, Future<Prepared>> prepared = new HashMap<>();
        /** Ciphertext reads of the prepared segments that needed one. */
        private final Map<Integer, Future<?>> reads = new HashMap<>();
        private final Promise<Void> finished = Promise.promise();

        Pass(int first) {
            nextStart = first;
            nextDeliver = first;
        }

        Future<Void> start() {
            pump();
            return finished.future();
        }

        private void pump() {
            while (failure == null && nextStart < g.numSegments() && nextStart - nextDeliver < segmentsInFlight) {
                int s = nextStart++;
                prepared.put(s, prepare(s, reads));
            }
            tryDeliver();
        }

        private void tryDeliver() {
            if (delivering || failure != null) {
                return;
            }
            if (nextDeliver >= g.numSegments()) {
                whenIdle().onComplete(ar -> {
                    if (ar.succeeded()) {
                        finished.tryComplete();
                    } else {
                        finished.tryFail(ar.cause());
                    }
                });
                return;
            }
            Future<?> firstRead = reads.get(nextDeliver);
            if (firstRead != null && !firstRead.isComplete()) {
                // the ciphertext has not arrived yet (a helper upload still receiving): wait for it,
                // then group whatever else has arrived by then
                delivering = true;
                firstRead.onComplete(x -> {
                    delivering = false;
                    tryDeliver();
                });
                return;
            }
            // Group the following segments whose ciphertext is already here (their encoding is
            // bounded CPU work), never waiting for bytes a client has not sent: a paused client's
            // received segments still reach the servers.
            int limit = Math.min(g.numSegments(), nextDeliver + segmentsPerWrite);
            int groupEnd = nextDeliver + 1;
            while (groupEnd < limit && (reads.getOrDefault(groupEnd, Future.succeededFuture()).isComplete()
                    || source.available(g.segmentOffset(groupEnd), g.segmentLength(groupEnd)))) {
                groupEnd++;
            }
            int end = groupEnd;
            List<Future<Prepared>> group = new ArrayList<>();
            for (int s = nextDeliver; s < groupEnd; s++) {
                group.add(prepared.get(s));
            }
            delivering = true;
            // join, not all: when a later segment of the group fails (a read error), the ones
            // before it are still pushed and journaled, then the pass fails
            gate.compose(v -> Future.join(group).transform(x -> deliverPrefix(group))).onComplete(ar -> {
                delivering = false;
                if (ar.failed()) {
                    finished.tryFail(ar.cause());
                    return;
                }
                for (int s = nextDeliver; s < end; s++) {
                    prepared.remove(s);
                    reads.remove(s);
                }
                nextDeliver = end;
                pump();
            });
        }

        private Future<Void> deliverPrefix(List<Future<Prepared>> group) {
            List<Prepared> ready = new ArrayList<>();
            Throwable failed = null;
            for (Future<Prepared> f : group) {
                if (f.failed()) {
                    failed = f.cause();
                    break;
                }
                ready.add(f.result());
            }
            Throwable cause = failed;
            Future<Void> pushed = ready.isEmpty() ? Future.succeededFuture() : deliver(ready);
            if (cause == null) {
                return pushed;
            }
            return pushed.transform(x -> whenIdle()).transform(x -> Future.failedFuture(cause));
        }

        /**
         * Pushes a group of consecutive segments: for each share, each run of consecutive
         * segments it still needs goes out as one write of zero-copy views of the blocks (a
         * share's blocks are adjacent in its container, chk-format.md section 5).
         */
        private Future<Void> deliver(List<Prepared> group) {
            for (Prepared p : group) {
                EncodedSegment e = p.encoded();
                int s = p.index();
                if (e != null && !hashesKnown.get(s)) {
                    hashesKnown.set(s); // the encode worker has put them in the store (prepare)
                    byte[][] blocks = new byte[g.n()][];
                    for (int i = 0; i < blocks.length; i++) {
                        blocks[i] = e.blockHash(i);
                    }
                    unsaved.put(s, new SegmentRecord(e.segmentHash(), blocks));
                }
            }
            List<Future<Void>> admitted = new ArrayList<>();
            for (Share share : new ArrayList<>(live.values())) {
                int i = 0;
                while (i < group.size() && !share.failed) {
                    if (!wanted(share, group.get(i))) {
                        i++;
                        continue;
                    }
                    int from = i;
                    long bytes = group.get(i).encoded().blockLength();
                    while (i + 1 < group.size() && wanted(share, group.get(i + 1))
                            && bytes + group.get(i + 1).encoded().blockLength() <= options.maxWriteBytes()) {
                        bytes += group.get(++i).encoded().blockLength();
                    }
                    admitted.add(sendRun(share, group.subList(from, ++i)));
                }
            }
            afterAck(); // a segment nobody needed may now be recordable
            return Future.join(admitted).mapEmpty();
        }

        private boolean wanted(Share share, Prepared p) {
            return p.encoded() != null && share.needed.get(p.index());
        }

        private Future<Void> sendRun(Share share, List<Prepared> run) {
            io.netty.buffer.ByteBuf[] views = new io.netty.buffer.ByteBuf[run.size()];
            for (int j = 0; j < views.length; j++) {
                EncodedSegment e = run.get(j).encoded();
                views[j] = io.netty.buffer.Unpooled.wrappedBuffer(
                        e.blockArray(share.number), e.blockArrayOffset(share.number), e.blockLength());
            }
            // views, not copies: encoded segments are immutable and outlive the write
            Buffer data = io.vertx.core.internal.buffer.BufferInternal.buffer(
                    views.length == 1 ? views[0] : io.netty.buffer.Unpooled.wrappedBuffer(views.length, views));
            int first = run.get(0).index();
            int last = run.get(run.size() - 1).index();
            return send(share, layout.dataOffset() + g.blockOffset(first), data, () -> {
                share.needed.clear(first, last + 1);
                afterAck();
            });
        }
    }

    /** Reads (if needed), hashes into the whole-ciphertext hash (in order) and encodes (if needed). */
    private Future<Prepared> prepare(int s, Map<Integer, Future<?>> reads) {
        // a segment's hashes go to the store once, on the worker that encodes it: the store may
        // be a scratch file (FileSegmentHashes), whose writes must not run on the event loop
        boolean recordHashes = !hashesKnown.get(s);
        boolean needEncode = recordHashes;
        for (Share share : live.values()) {
            needEncode |= !share.failed && share.needed.get(s);
        }
        boolean needHash = s == hashedUpTo;
        if (!needEncode && !needHash) {
            return Future.succeededFuture(new Prepared(s, null));
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
            hashChain = hashChain.compose(v -> bytes).compose(b -> this.<Void>blocking(() -> {
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
            return hashed.map(v -> new Prepared(s, null));
        }
        return bytes.compose(b -> {
            listener.segmentEncodeStart(s);
            return blocking(() -> {
                long t0 = System.nanoTime();
                EncodedSegment e = encoder.encode(s, b, 0, len);
                if (recordHashes) {
                    hashes.add(e);
                }
                return new Object[] {e, System.nanoTime() - t0};
            });
        }).map(r -> {
            long nanos = (Long) r[1];
            encodeNanos += nanos;
            listener.segmentEncodeEnd(s, nanos);
            return new Prepared(s, (EncodedSegment) r[0]);
        }).compose(p -> hashed.map(v -> p));
    }

    // ---------------------------------------------------------------- writes

    /** Sends one write through the server's window; the result completes when admitted (sent). */
    private Future<Void> send(Share share, long offset, Buffer data, Runnable onAck) {
        if (share.failed) {
            return Future.succeededFuture();
        }
        String serverId = share.server.serverId();
        ServerWindow w = windows.computeIfAbsent(serverId, id -> new ServerWindow(id, options.windowBytes(), listener));
        int len = data.length();
        outstanding++;
        Future<Void> admitted = w.acquire(len);
        admitted.onComplete(ar -> {
            if (ar.failed() || share.failed || failure != null) {
                if (ar.succeeded()) {
                    w.release(len);
                }
                outstanding--;
                checkIdle();
                return;
            }
            if (firstWriteNanos == 0) {
                firstWriteNanos = System.nanoTime();
            }
            hop.here(share.server.write(si, share.number, share.secret, offset, data)).onComplete(res -> {
                w.release(len);
                outstanding--;
                if (res.succeeded()) {
                    bytesPushed += len;
                    lastAckNanos = System.nanoTime();
                    listener.bytesPushed(serverId, len);
                    if (res.result().complete()) {
                        share.complete = true;
                    } else {
                        share.required = res.result().required();
                    }
                    if (!share.failed && !journalBroken) {
                        onAck.run(); // also while draining after a failure: acknowledged work gets journaled
                    }
                } else {
                    serverFailed(serverId, Failures.describe(res.cause()));
                }
                checkIdle();
            });
        });
        return admitted.otherwiseEmpty();
    }

    private void serverFailed(String serverId, String reason) {
        if (!failedServers.add(serverId) || failure != null) {
            return;
        }
        listener.serverFailed(serverId, reason);
        for (Share s : live.values()) {
            if (s.server.serverId().equals(serverId)) {
                s.failed = true;
            }
        }
        live.values().removeIf(s -> s.failed);
        ServerWindow w = windows.get(serverId);
        if (w != null) {
            w.failAll(new UploadException("server " + serverId + " failed: " + reason));
        }
        gate = gate.compose(v -> hop.here(replacer.replace(serverId, reason))).compose(targets -> {
            add(targets);
            savePlacement(-1);
            return Future.<Void>succeededFuture();
        });
        gate.onFailure(this::fail);
    }

    private void afterAck() {
        if (journalBroken) {
            return;
        }
        // every segment that became recordable goes to the journal in one call (one RocksDB write
        // and one worker hop for a whole write batch instead of one per segment)
        int first = journalNext;
        List<SegmentRecord> records = new ArrayList<>();
        while (journalNext < g.numSegments() && hashesKnown.get(journalNext) && allAcked(journalNext)) {
            records.add(unsaved.remove(journalNext++));
        }
        if (!records.isEmpty()) {
            journalChain = journalChain.compose(v -> this.<Void>blocking(() -> {
                journal.saveSegments(first, records);
                return null;
            })).onSuccess(v -> {
                for (int i = 0; i < records.size(); i++) {
                    listener.segmentAcknowledged(first + i);
                }
            });
            journalChain.onFailure(t -> {
                journalBroken = true;
                fail(new UploadException("saving upload progress failed: " + Failures.describe(t), t));
            });
        }
        for (Share s : live.values()) {
            if (s.flagged && !s.headerPending) {
                int b = s.needed.nextSetBit(0);
                if (b < 0 || b >= journalNext) {
                    s.flagged = false;
                    savePlacement(s.number);
                }
            }
        }
    }

    private boolean allAcked(int segment) {
        for (Share s : live.values()) {
            if (s.headerPending || s.needed.get(segment)) {
                return false;
            }
        }
        return true;
    }

    private void savePlacement(int caughtUp) {
        SavedPlacement p = replacer.placementAfter(caughtUp);
        journalChain = journalChain.compose(v -> this.<Void>blocking(() -> {
            journal.savePlacement(p);
            return null;
        }));
        journalChain.onFailure(t -> {
            journalBroken = true;
            fail(new UploadException("saving upload placement failed: " + Failures.describe(t), t));
        });
    }

    private void checkIdle() {
        if (outstanding == 0 && drained != null) {
            Runnable r = drained;
            drained = null;
            r.run();
        }
        if (outstanding == 0 && !idleWaiters.isEmpty()) {
            List<Promise<Void>> w = new ArrayList<>(idleWaiters);
            idleWaiters.clear();
            w.forEach(Promise::tryComplete);
        }
    }

    /** Completes when no write is outstanding and no replacement is running. */
    private Future<Void> whenIdle() {
        return gate.compose(v -> {
            if (outstanding == 0) {
                return gate;
            }
            Promise<Void> p = Promise.promise();
            idleWaiters.add(p);
            return p.future().compose(x -> whenIdle());
        });
    }

    // ---------------------------------------------------------------- finish

    private void finish() {
        Future<ShareTrailers> t = trailers != null ? Future.succeededFuture(trailers)
                : hashChain.compose(v -> {
                    finishStartNanos = System.nanoTime();
                    listener.finishStart();
                    return blocking(() -> hashes.finish(whole.digest(), layout));
                });
        t.compose(tr -> {
            trailers = tr;
            // One share at a time, one piece at a time: a trailer is ~192 bytes per segment and
            // n of them at once would be the largest thing this upload ever held. Admission, not
            // acknowledgement, moves the chain on, so the shares' servers still work in parallel.
            Future<Void> chain = Future.succeededFuture();
            for (Share s : new ArrayList<>(live.values())) {
                if (!s.trailerPending || s.failed) {
                    continue;
                }
                chain = chain.compose(v -> blocking(() -> tr.open(s.number))).compose(trailer -> writeTrailer(s, trailer));
            }
            return chain.transform(ar -> whenIdle());
        }).compose(v -> journalChain).onComplete(ar -> {
            if (ar.failed()) {
                fail(ar.cause());
                return;
            }
            boolean again = false;
            for (Share s : live.values()) {
                again |= !s.needed.isEmpty() || s.trailerPending || s.headerPending;
            }
            if (again || repairReportedGaps()) {
                nextPass(); // a share moved while trailers were written, or a server lost bytes
                return;
            }
            List<String> incomplete = new ArrayList<>();
            for (Share s : live.values()) {
                if (!s.complete) {
                    incomplete.add(s.number + "@" + s.server.serverId());
                }
            }
            if (!incomplete.isEmpty()) {
                fail(new UploadException("servers acknowledged every byte but did not report these shares complete: " + incomplete));
                return;
            }
            listener.finishEnd(null);
            done.tryComplete(trailers);
        });
    }

    /**
     * After every write is acknowledged, a share whose server still reports required ranges has
     * lost bytes it once acknowledged: our storage server forgets ranges written after its last
     * checkpoint (at most a second's worth) when it is killed, and the journal then says those
     * segments were pushed. Marks what the ranges cover (header, segments, trailer) to be sent
     * again; the data is all still at hand (ciphertext source, hashes, trailers). Bounded by
     * {@code maxPasses}.
     *
     * @return whether anything was marked
     */
    private boolean repairReportedGaps() {
        boolean marked = false;
        for (Share s : live.values()) {
            if (s.complete || s.failed || s.required.isEmpty()) {
                continue;
            }
            if (!marked && ++repairs > options.maxPasses()) {
                fail(new UploadException("share " + s.number + " on " + s.server.serverId()
                        + " kept losing acknowledged bytes: gave up after " + options.maxPasses() + " repairs"));
                return false;
            }
            for (ByteRange r : s.required) {
                if (r.begin() < layout.dataOffset()) {
                    s.headerPending = true;
                }
                long from = Math.max(r.begin(), layout.dataOffset()) - layout.dataOffset();
                long to = Math.min(r.end(), layout.trailerOffset()) - layout.dataOffset();
                if (from < to) {
                    s.needed.set(segmentAt(from), segmentAt(to - 1) + 1);
                }
                if (r.end() > layout.trailerOffset()) {
                    s.trailerPending = true;
                }
            }
            s.required = List.of();
            if (s.headerPending) {
                send(s, 0, Buffer.buffer(header), () -> {
                    s.headerPending = false;
                    afterAck();
                });
            }
            marked = true;
        }
        return marked;
    }

    /** The segment whose block holds share-data offset {@code offset} (every block but the last is full size). */
    private int segmentAt(long offset) {
        return (int) Math.min(offset / g.blockSize(), g.numSegments() - 1);
    }

    /** Sends the trailer in pieces of at most {@code maxWriteBytes}, each built once the previous one is admitted. */
    private Future<Void> writeTrailer(Share s, ShareTrailers.Trailer trailer) {
        long size = trailer.size();
        int piece = options.maxWriteBytes();
        int pieces = (int) ((size + piece - 1) / piece);
        int[] acked = {0};
        Promise<Void> admitted = Promise.promise();
        writeTrailerPiece(s, trailer, 0, pieces, acked, admitted);
        return admitted.future();
    }

    private void writeTrailerPiece(Share s, ShareTrailers.Trailer trailer, int p, int pieces, int[] acked, Promise<Void> admitted) {
        if (p == pieces) {
            admitted.complete();
            return;
        }
        long from = (long) p * options.maxWriteBytes();
        int len = (int) Math.min(options.maxWriteBytes(), trailer.size() - from);
        blocking(() -> trailer.bytes(from, len))
                .compose(bytes -> send(s, layout.trailerOffset() + from,
                        io.vertx.core.internal.buffer.BufferInternal.buffer(io.netty.buffer.Unpooled.wrappedBuffer(bytes)), () -> {
                            if (++acked[0] == pieces) {
                                s.trailerPending = false;
                            }
                        }))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        admitted.fail(ar.cause());
                    } else {
                        writeTrailerPiece(s, trailer, p + 1, pieces, acked, admitted);
                    }
                });
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * The bytes of a buffer a {@link CiphertextSource} handed over: its backing array when that is
     * exactly the buffer (a fresh read), else a copy. Saves a 128 KiB copy per segment on the
     * event loop.
     */
    private static byte[] ownedArray(Buffer b) {
        io.netty.buffer.ByteBuf bb = ((io.vertx.core.internal.buffer.BufferInternal) b).getByteBuf();
        if (bb.hasArray() && bb.arrayOffset() == 0 && bb.readerIndex() == 0 && bb.array().length == b.length()) {
            return bb.array();
        }
        return b.getBytes();
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return hop.here(workers.executeBlocking(work, false));
    }

    /**
     * Stops the upload: no new writes are sent; writes already in flight are awaited and, when
     * acknowledged, journaled (so a resume does not send them again); then the result fails.
     */
    private void fail(Throwable t) {
        if (failure != null) {
            return;
        }
        failure = t;
        if (trailers != null) {
            listener.finishEnd(t);
        }
        idleWaiters.forEach(p -> p.tryFail(t));
        idleWaiters.clear();
        drained = () -> journalChain.onComplete(ar -> done.tryFail(t));
        checkIdle();
    }
}
