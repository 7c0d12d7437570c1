package org.lafs.client.node;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.lafs.client.LafsException;
import org.lafs.log.Log;
import org.lafs.net.BodySpool;


/**
 * How the local node answers, Tahoe-style: a status and a one-line {@code text/plain} body
 * (400 malformed, 403 refused, 409 changed or poisoned, 410 gone, 413 too large, 416 bad range,
 * 502 helper or grid, 507 disk full), never a stack trace; a request whose body was not read is
 * answered and then its connection closed.
 */
final class NodeResponses {
    private NodeResponses() {}

    /** An upload's failure; a body past the size limit also closes the connection (its rest is unread). */
    static void fail(RoutingContext ctx, Throwable err) {
        if (err instanceof BodySpool.TooLarge) {
            refuse(ctx, 413, "Request Entity Too Large: " + err.getMessage());
            return;
        }
        if (err instanceof BodySpool.SpoolFailed) {
            Log.warn("node-spool-failed", "error", err.getMessage());
            refuse(ctx, 507, "Insufficient Storage: " + err.getMessage() + "; nothing was uploaded");
            return;
        }
        if (err instanceof BodySpool.Incomplete) {
            refuse(ctx, 400, "Bad Request: " + err.getMessage());
            return;
        }
        fail(ctx.response(), err);
    }

    /**
     * Answers and, when the request body was not read to its end, closes the connection after the
     * answer, so unread body bytes never count as the next request.
     */
    static void refuse(RoutingContext ctx, int status, String message) {
        HttpServerResponse resp = ctx.response();
        if (resp.ended() || resp.closed()) {
            return;
        }
        if (!ctx.request().isEnded()) {
            resp.putHeader("Connection", "close");
            resp.endHandler(v -> ctx.request().connection().close());
        }
        text(resp, status, message);
    }


    static void fail(HttpServerResponse resp, Throwable err) {
        if (err instanceof LafsException e) {
            switch (e.kind()) {
                case BAD_INPUT -> text(resp, 400, "Bad Request: " + e.getMessage());
                case NOT_FOUND -> text(resp, 410, "Gone: NoSharesError: " + e.getMessage());
                case INTEGRITY -> text(resp, 410, "Gone: " + e.getMessage());
                case FILE_CHANGED, POISONED -> text(resp, 409, "Conflict: " + e.getMessage());
                case REMOTE -> text(resp, 502, "Bad Gateway: " + e.getMessage());
                default -> text(resp, 500, "Internal Server Error: " + e.getMessage());
            }
            return;
        }
        text(resp, 500, "Internal Server Error: " + oneLine(err.getClass().getSimpleName()
                + (err.getMessage() == null ? "" : ": " + err.getMessage())));
    }

    static void text(HttpServerResponse resp, int status, String body) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        for (String h : new String[] {"Content-Length", "Content-Range", "Accept-Ranges", "ETag"}) {
            resp.headers().remove(h);
        }
        resp.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(oneLine(body) + (status == 200 ? "" : "\n"));
    }

    static String oneLine(String s) {
        String t = s.length() > 500 ? s.substring(0, 500) + "..." : s;
        return t.replaceAll("[\\p{Cntrl}]", "?");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
