package org.lafs.storage.http;

import io.vertx.core.http.HttpHeaders;
import java.util.Map;
import org.lafs.gbs.AllocateRequest;
import org.lafs.gbs.CborFormatException;
import org.lafs.gbs.GbsCbor;
import org.lafs.gbs.GbsProtocol;
import org.lafs.gbs.SecretKind;
import org.lafs.storage.disk.ShareStore;
import org.lafs.storage.http.HeaderRules.Rejection;

/**
 * The upload side of immutable shares: allocate (spec 3.2), the checks in front of a PATCH
 * write (whose body {@link PatchStream} then streams to the store) and abort (spec 3.4).
 */
final class ImmutableWrites {
    private final RouteContext ctx;

    ImmutableWrites(RouteContext ctx) {
        this.ctx = ctx;
    }

    void allocate(Exchange ex, Route route, Map<SecretKind, byte[]> secrets) throws Rejection {
        HeaderRules.requireCborContentType(ex.req.getHeader(HttpHeaders.CONTENT_TYPE));
        ex.readSmallBody(GbsProtocol.MAX_ALLOCATE_BODY).onSuccess(body -> {
            AllocateRequest request;
            try {
                request = GbsCbor.decodeAllocateRequest(body.getBytes());
                HeaderRules.requireCborAccept(ex.req.getHeader(HttpHeaders.ACCEPT));
            } catch (CborFormatException e) {
                ex.fail(400, e.getMessage());
                return;
            } catch (Rejection r) {
                ex.fail(r);
                return;
            }
            ctx.onLane(() -> ctx.store().allocate(route.si(), secrets.get(SecretKind.LEASE_RENEW),
                            secrets.get(SecretKind.LEASE_CANCEL), secrets.get(SecretKind.UPLOAD), request.shareNumbers(),
                            request.allocatedSize(), ctx.now()))
                    .onComplete(ar -> {
                        if (ar.failed()) {
                            ex.internalError(ar.cause());
                        } else {
                            ex.cbor(200, GbsCbor.encodeAllocateResult(ar.result()));
                        }
                    });
        });
    }

    void abort(Exchange ex, Route route, byte[] secret) {
        if (route.shnum() == Route.NO_SUCH_SHARE) {
            ex.fail(404, null);
            return;
        }
        ctx.onLane(() -> ctx.store().abort(route.si(), route.shnum(), secret)).onComplete(ar -> {
            if (ar.failed()) {
                ex.internalError(ar.cause());
                return;
            }
            switch (ar.result()) {
                case OK -> ex.respond(200, null, null);
                case UNAUTHORIZED -> ex.fail(401, null);
                case NOT_ALLOWED -> ex.fail(405, null);
                default -> ex.fail(404, null);
            }
        });
    }

    /**
     * PATCH: Content-Range (400) and the share number are checked at once; the upload (404, 401)
     * on the lane, with the request still paused; then Accept, the allocated size (416), the
     * largest body (413) and Content-Length (400), before the body is read.
     */
    void write(Exchange ex, Route route, byte[] secret) throws Rejection {
        long[] range = HeaderRules.contentRange(ex.req.getHeader(HttpHeaders.CONTENT_RANGE));
        long first = range[0];
        long stop = range[1];
        long length = stop - first;
        if (route.shnum() == Route.NO_SUCH_SHARE) {
            ex.fail(404, null);
            return;
        }
        ctx.onLane(() -> {
            ShareStore.Status s = ctx.store().lookup(route.si(), route.shnum(), secret);
            return s == ShareStore.Status.OK ? ctx.store().allocatedSize(route.si(), route.shnum())
                    : (s == ShareStore.Status.UNAUTHORIZED ? -2L : -1L);
        }).onComplete(ar -> {
            if (ar.failed()) {
                ex.internalError(ar.cause());
                return;
            }
            long allocated = ar.result();
            if (allocated == -2) {
                ex.fail(401, null);
                return;
            }
            if (allocated < 0) {
                ex.fail(404, null);
                return;
            }
            try {
                HeaderRules.requireCborAccept(ex.req.getHeader(HttpHeaders.ACCEPT));
            } catch (Rejection r) {
                ex.fail(r);
                return;
            }
            if (stop > allocated) {
                ex.fail(416, "range beyond the allocated size " + allocated);
                return;
            }
            if (length > ctx.maxChunk()) {
                ex.fail(413, "PATCH body larger than " + ctx.maxChunk() + " bytes");
                return;
            }
            String cl = ex.req.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (cl != null && !cl.strip().equals(Long.toString(length))) {
                ex.fail(400, "body length does not match Content-Range");
                return;
            }
            ex.startPatch(length);
            new PatchStream(ctx, ex, route, secret, first, length).start();
        });
    }
}
