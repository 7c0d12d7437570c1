package org.lafs.storage.http;

import io.vertx.core.http.HttpHeaders;
import java.util.Map;
import org.lafs.gbs.CborFormatException;
import org.lafs.gbs.GbsCbor;
import org.lafs.gbs.GbsProtocol;
import org.lafs.gbs.SecretKind;
import org.lafs.storage.http.HeaderRules.Rejection;

/**
 * Lease renewal ({@code PUT /storage/v1/lease/<si>}, spec 3.7) and corruption advisories
 * ({@code POST .../<si>/<shnum>/corrupt}) on complete shares.
 */
final class LeasesAndAdvisories {
    private final RouteContext ctx;

    LeasesAndAdvisories(RouteContext ctx) {
        this.ctx = ctx;
    }

    void lease(Exchange ex, Route route, Map<SecretKind, byte[]> secrets) {
        ctx.onLane(() -> ctx.store().addLease(route.si(), secrets.get(SecretKind.LEASE_RENEW),
                secrets.get(SecretKind.LEASE_CANCEL), ctx.now())).onComplete(ar -> {
            if (ar.failed()) {
                ex.internalError(ar.cause());
            } else {
                ex.fail(ar.result() ? 204 : 404, null);
            }
        });
    }

    /** The share must exist (404) before the Content-Type is checked and the reason is read. */
    void corrupt(Exchange ex, Route route) {
        if (route.shnum() == Route.NO_SUCH_SHARE) {
            ex.fail(404, null);
            return;
        }
        ctx.onLane(() -> ctx.store().sharePath(route.si(), route.shnum()) != null).onComplete(ar -> {
            if (ar.failed() || !ar.result()) {
                ex.fail(ar.failed() ? 500 : 404, null);
                return;
            }
            try {
                HeaderRules.requireCborContentType(ex.req.getHeader(HttpHeaders.CONTENT_TYPE));
            } catch (Rejection r) {
                ex.fail(r);
                return;
            }
            ex.readSmallBody(GbsProtocol.MAX_CORRUPT_BODY).onSuccess(body -> {
                String reason;
                try {
                    reason = GbsCbor.decodeCorruptRequest(body.getBytes());
                } catch (CborFormatException e) {
                    ex.fail(400, e.getMessage());
                    return;
                }
                ctx.onLane(() -> ctx.store().adviseCorrupt(route.si(), route.shnum(), reason, ctx.now())).onComplete(w -> {
                    if (w.failed()) {
                        ex.internalError(w.cause());
                    } else {
                        ex.respond(w.result() ? 200 : 404, null, null);
                    }
                });
            });
        });
    }
}
