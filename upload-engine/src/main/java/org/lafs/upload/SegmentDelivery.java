package org.lafs.upload;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayList;
import java.util.List;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.encode.EncodedSegment;
import org.lafs.chk.share.ShareLayout;

/**
 * Turns prepared segments into share writes: the header of a share that starts from offset 0,
 * and for each share the blocks it still needs, a run of consecutive segments in one write of
 * zero-copy views (a share's blocks are adjacent in its container, chk-format.md section 5).
 * Each acknowledgement marks the share's progress and lets the engine journal what became
 * recordable ({@code afterAck}).
 *
 * <p>Confined to the pipeline's context.
 */
final class SegmentDelivery {
    private final FileGeometry g;
    private final ShareLayout layout;
    private final int maxWriteBytes;
    private final byte[] header;
    private final PushedShares shares;
    private final ProgressRecorder progress;
    private final ShareWrites writes;
    private final Runnable afterAck;

    SegmentDelivery(FileGeometry g, ShareLayout layout, int maxWriteBytes, PushedShares shares, ProgressRecorder progress,
                    ShareWrites writes, Runnable afterAck) {
        this.g = g;
        this.layout = layout;
        this.maxWriteBytes = maxWriteBytes;
        this.header = layout.header().encode();
        this.shares = shares;
        this.progress = progress;
        this.writes = writes;
        this.afterAck = afterAck;
    }

    /** Writes the share's header (offset 0). */
    void sendHeader(PushedShare s) {
        writes.send(s, 0, Buffer.buffer(header), () -> {
            s.headerPending = false;
            afterAck.run();
        });
    }

    /**
     * Pushes a group of consecutive segments: for each share, each run of consecutive segments it
     * still needs goes out as one write of at most {@code maxWriteBytes}. Completes when every
     * write is admitted.
     */
    Future<Void> deliver(List<PreparedSegment> group) {
        for (PreparedSegment p : group) {
            EncodedSegment e = p.encoded();
            if (e != null && !progress.hashesKnown(p.index())) {
                progress.hashesComputed(p.index(), e); // the encode worker has put them in the store
            }
        }
        List<Future<Void>> admitted = new ArrayList<>();
        for (PushedShare share : shares.snapshot()) {
            int i = 0;
            while (i < group.size() && !share.failed) {
                if (!wanted(share, group.get(i))) {
                    i++;
                    continue;
                }
                int from = i;
                long bytes = group.get(i).encoded().blockLength();
                while (i + 1 < group.size() && wanted(share, group.get(i + 1))
                        && bytes + group.get(i + 1).encoded().blockLength() <= maxWriteBytes) {
                    bytes += group.get(++i).encoded().blockLength();
                }
                admitted.add(sendRun(share, group.subList(from, ++i)));
            }
        }
        afterAck.run(); // a segment nobody needed may now be recordable
        return Future.join(admitted).mapEmpty();
    }

    private static boolean wanted(PushedShare share, PreparedSegment p) {
        return p.encoded() != null && share.needed.get(p.index());
    }

    private Future<Void> sendRun(PushedShare share, List<PreparedSegment> run) {
        ByteBuf[] views = new ByteBuf[run.size()];
        for (int j = 0; j < views.length; j++) {
            EncodedSegment e = run.get(j).encoded();
            views[j] = Unpooled.wrappedBuffer(e.blockArray(share.number), e.blockArrayOffset(share.number), e.blockLength());
        }
        // views, not copies: encoded segments are immutable and outlive the write
        Buffer data = BufferInternal.buffer(views.length == 1 ? views[0] : Unpooled.wrappedBuffer(views.length, views));
        int first = run.get(0).index();
        int last = run.get(run.size() - 1).index();
        return writes.send(share, layout.dataOffset() + g.blockOffset(first), data, () -> {
            share.needed.clear(first, last + 1);
            afterAck.run();
        });
    }
}
