package org.lafs.storage.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.file.Path;
import org.lafs.gbs.GbsCbor;
import org.lafs.gbs.GbsProtocol;
import org.lafs.storage.Fault;
import org.lafs.storage.disk.ShareFile;
import org.lafs.storage.http.HeaderRules.Rejection;

/**
 * Reads of complete shares: the share list ({@code GET .../<si>/shares}) and share
 * data ({@code GET .../<si>/<shnum>} with an optional Range). Data is streamed in
 * {@link RouteContext#PIECE} pieces, each read on the lane and sent when the response's write
 * queue has room, so a read holds at most one piece in memory.
 */
final class ShareReads {
    private final RouteContext ctx;

    ShareReads(RouteContext ctx) {
        this.ctx = ctx;
    }

    void list(Exchange ex, Route route) throws Rejection {
        HeaderRules.requireCborAccept(ex.req.getHeader(HttpHeaders.ACCEPT));
        ctx.onLane(() -> ctx.store().listShares(route.si())).onComplete(ar -> {
            if (ar.failed()) {
                ex.internalError(ar.cause());
            } else {
                ex.cbor(200, GbsCbor.encodeShareSet(ar.result()));
            }
        });
    }

    void read(Exchange ex, Route route) {
        String rangeHeader = ex.req.getHeader("Range");
        ex.req.response().putHeader(HttpHeaders.CONTENT_TYPE, GbsProtocol.OCTET_STREAM);
        if (route.shnum() == Route.NO_SUCH_SHARE) {
            ex.fail(404, null);
            return;
        }
        ctx.onLane(() -> {
            Path p = ctx.store().sharePath(route.si(), route.shnum());
            if (p == null) {
                return -1L;
            }
            try (ShareFile f = ShareFile.open(p, false)) {
                return f.dataLength();
            }
        }).onComplete(ar -> {
            if (ar.failed()) {
                ex.internalError(ar.cause());
                return;
            }
            long length = ar.result();
            if (length < 0) {
                ex.fail(404, null);
                return;
            }
            long first = 0;
            long stop = length;
            int status = 200;
            if (rangeHeader != null) {
                long[] r;
                try {
                    r = HeaderRules.range(rangeHeader);
                } catch (Rejection rej) {
                    ex.fail(rej);
                    return;
                }
                first = r[0];
                stop = Math.min(r[1], length);
                if (first >= stop) {
                    ex.respond(204, null, null);
                    return;
                }
                status = 206;
                ex.req.response().putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + first + "-" + (stop - 1) + "/*");
            }
            streamShare(ex, route, status, first, stop);
        });
    }

    private void streamShare(Exchange ex, Route route, int status, long first, long stop) {
        if (ex.fault.kind() == Fault.Kind.DROP_RESPONSE) {
            ex.respond(status, null, null);
            return;
        }
        ex.answered = true;
        // a GET has no body, but the paused request must still see its end
        ex.afterBody(closeAfter -> sendShare(ex, route, status, first, stop, closeAfter));
    }

    private void sendShare(Exchange ex, Route route, int status, long first, long stop, boolean closeAfter) {
        HttpServerResponse resp = ex.req.response();
        if (closeAfter) {
            resp.putHeader(HttpHeaders.CONNECTION, "close");
        }
        resp.setStatusCode(status);
        resp.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(stop - first));
        Runnable[] next = new Runnable[1];
        long[] pos = {first};
        next[0] = () -> {
            if (pos[0] >= stop) {
                resp.end();
                return;
            }
            int n = (int) Math.min(RouteContext.PIECE, stop - pos[0]);
            long at = pos[0];
            ctx.onLane(() -> {
                Path p = ctx.store().sharePath(route.si(), route.shnum());
                if (p == null) {
                    throw new IOException("share vanished");
                }
                try (ShareFile f = ShareFile.open(p, false)) {
                    return f.read(at, n);
                }
            }).onComplete(ar -> {
                if (ar.failed() || ar.result().length != n) {
                    resp.reset();
                    return;
                }
                pos[0] += n;
                resp.write(Buffer.buffer(ar.result()));
                if (resp.writeQueueFull()) {
                    resp.drainHandler(v -> next[0].run());
                } else {
                    next[0].run();
                }
            });
        };
        next[0].run();
    }
}
