package org.lafs.storage.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lafs.gbs.GbsCbor;
import org.lafs.storage.disk.ShareStore;

/**
 * Streams one PATCH body to the store: body chunks are kept as they arrived (no joining
 * copy) until about {@link RouteContext#PIECE} bytes are pending, then the lane writes them in
 * one task while the request is paused, so a body never holds more than a piece and a chunk.
 * The last piece and the end of the upload request ({@code finishWrite}) go in one lane task.
 * Confined to the node's event loop.
 */
final class PatchStream {
    private final RouteContext ctx;
    private final Exchange ex;
    private final Route route;
    private final byte[] secret;
    private final long length;
    private long offset;
    private long received;
    private List<ByteBuffer> pending = new ArrayList<>();
    private int pendingBytes;
    private boolean writing;
    private boolean ended;

    PatchStream(RouteContext ctx, Exchange ex, Route route, byte[] secret, long first, long length) {
        this.ctx = ctx;
        this.ex = ex;
        this.route = route;
        this.secret = secret;
        this.offset = first;
        this.length = length;
    }

    void start() {
        HttpServerRequest req = ex.req;
        req.handler(b -> {
            if (ex.answered) {
                return;
            }
            received += b.length();
            if (received > length) {
                ex.fail(400, "body longer than Content-Range");
                return;
            }
            // Vert.x hands the handler an unpooled heap copy of the wire bytes, ours to keep
            pending.add(((BufferInternal) b).getByteBuf().nioBuffer());
            pendingBytes += b.length();
            pump();
        });
        req.endHandler(v -> {
            ended = true;
            pump();
        });
        req.exceptionHandler(t -> connectionLost());
        req.connection().closeHandler(v -> connectionLost());
        req.resume();
    }

    /** The client went away mid-body: what reached the disk is recorded so a retry skips it. */
    private void connectionLost() {
        if (!ex.answered) {
            ex.answered = true;
            ex.finishPatch();
            ctx.onLane(() -> {
                ctx.store().checkpoint(route.si(), route.shnum());
                return null;
            });
        }
    }

    /** Hands the pending chunks to the caller and starts a new list. */
    private List<ByteBuffer> takePending() {
        List<ByteBuffer> out = pending;
        pending = new ArrayList<>();
        pendingBytes = 0;
        return out;
    }

    private void pump() {
        if (ex.answered || writing) {
            return;
        }
        if (ended && received == length) {
            writeLastPiece();
            return;
        }
        if (pendingBytes >= RouteContext.PIECE) {
            writePiece();
            return;
        }
        if (ended && received != length) {
            ex.fail(400, "body shorter than Content-Range");
        }
    }

    /** The final piece and the end of the request in one lane task, then the answer. */
    private void writeLastPiece() {
        ShareStore store = ctx.store();
        writePending((at, piece, pieceLength) -> {
            if (pieceLength > 0) {
                ShareStore.WriteOutcome w = store.write(route.si(), route.shnum(), secret, at, piece, ctx.now());
                if (w.status() != ShareStore.Status.OK) {
                    return w;
                }
            }
            return store.finishWrite(route.si(), route.shnum(), ctx.now());
        }, (pieceLength, o) -> {
            switch (o.status()) {
                case COMPLETE -> ex.cbor(201, GbsCbor.encodeRequired(List.of()));
                case OK -> ex.cbor(200, GbsCbor.encodeRequired(o.required()));
                default -> refuse(o.status());
            }
        });
    }

    /** A full piece mid-body: the request is paused until the lane has written it. */
    private void writePiece() {
        ex.req.pause();
        writePending((at, piece, pieceLength) -> ctx.store().write(route.si(), route.shnum(), secret, at, piece, ctx.now()),
                (pieceLength, o) -> {
                    switch (o.status()) {
                        case OK, COMPLETE -> {
                            offset += pieceLength;
                            if (!ended) {
                                ex.req.resume();
                            }
                            pump();
                        }
                        default -> refuse(o.status());
                    }
                });
    }

    /** The answer to a write the store refused (spec section 3.3); anything else is "no such upload". */
    private void refuse(ShareStore.Status status) {
        switch (status) {
            case CONFLICT -> ex.fail(409, null);
            case UNAUTHORIZED -> ex.fail(401, null);
            case OUT_OF_RANGE -> ex.fail(416, null);
            default -> ex.fail(404, null);
        }
    }

    /** One lane task's work on a taken piece that starts at {@code at}. */
    private interface PieceWrite {
        ShareStore.WriteOutcome run(long at, List<ByteBuffer> piece, int pieceLength) throws Exception;
    }

    /** What to do with a written piece's outcome on the event loop. */
    private interface PieceWritten {
        void accept(int pieceLength, ShareStore.WriteOutcome outcome);
    }

    /**
     * Takes the pending chunks and runs {@code write} on the lane; no other write starts until it
     * is done. {@code written} sees the outcome once the bytes are counted, unless the exchange
     * was answered meanwhile; a failed task is an internal error.
     */
    private void writePending(PieceWrite write, PieceWritten written) {
        int pieceLength = pendingBytes;
        List<ByteBuffer> piece = takePending();
        long at = offset;
        writing = true;
        ctx.onLane(() -> write.run(at, piece, pieceLength)).onComplete(ar -> {
            writing = false;
            if (ex.answered) {
                return;
            }
            if (ar.failed()) {
                ex.internalError(ar.cause());
                return;
            }
            ctx.counters().written(pieceLength);
            written.accept(pieceLength, ar.result());
        });
    }
}
