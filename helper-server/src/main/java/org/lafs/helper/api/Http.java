package org.lafs.helper.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.lafs.helper.auth.TokenRegistry;
import org.lafs.helper.config.TokenPolicy;
import org.lafs.helper.metrics.HelperEvents;
import org.lafs.helper.upload.HelperException;

/**
 * Response helpers shared by the handlers: JSON bodies, the tus headers every response carries,
 * and the one error shape ({@code {"error": reason, "detail": text}}).
 */
final class Http {
    private Http() {}

    static void tusHeaders(HttpServerResponse resp) {
        resp.putHeader("Tus-Resumable", Tus.VERSION);
        resp.putHeader("Cache-Control", "no-store");
    }

    static void json(HttpServerResponse resp, int status, JsonObject body) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        resp.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode() + "\n");
    }

    /**
     * Sends an error. When the request body was not (fully) read, the connection is closed after
     * the response so unread bytes never count as the next request.
     */
    static void error(HttpServerRequest req, HelperEvents events, int status, String reason, String detail) {
        HttpServerResponse resp = req.response();
        if (resp.ended() || resp.closed()) {
            return;
        }
        events.rejected(reason);
        tusHeaders(resp);
        boolean unread = !req.isEnded();
        if (unread) {
            resp.putHeader("Connection", "close");
        }
        JsonObject body = new JsonObject().put("error", reason).put("detail", detail);
        resp.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode() + "\n");
        if (unread) {
            drainThenClose(req);
        }
    }

    /**
     * Answers a PATCH whose {@code Upload-Offset} is below what the helper already holds: 204
     * with the held offset, without reading the body. tus 1.0 asks for 409 on any mismatch, but
     * stock clients PATCH at 0 right after POST whatever POST said (tus-js-client 4.x
     * {@code _createUpload} sets {@code _offset = 0}; go-tus {@code CreateUpload} returns an
     * uploader at 0 and treats 409 as fatal) and both continue from a 204's Upload-Offset. So a
     * client whose file is in the grid, or that joins an upload under way, completes and sends
     * only what the helper lacks. The unread body is discarded as after an error (bounded by
     * {@link #DRAIN_LIMIT}), none of it reaches the spool.
     */
    static void heldOffset(HttpServerRequest req, HelperEvents events, long held, long length) {
        HttpServerResponse resp = req.response();
        if (resp.ended() || resp.closed()) {
            return;
        }
        tusHeaders(resp);
        boolean unread = !req.isEnded();
        if (unread) {
            resp.putHeader("Connection", "close");
        }
        resp.putHeader("Upload-Offset", Long.toString(held)).putHeader("Upload-Length", Long.toString(length));
        resp.setStatusCode(204).end();
        if (unread) {
            drainThenClose(req);
        }
    }

    /** Most unread body bytes discarded after an error answer before the connection is cut. */
    static final long DRAIN_LIMIT = 4L << 20;

    /**
     * Reads and discards what the client is still sending, then closes. Closing a socket that has
     * unread input makes the kernel answer with a reset, which can destroy the error response in
     * the client's receive buffer before the client reads it ("received no bytes"); draining a
     * bounded amount lets the answer arrive. Past {@link #DRAIN_LIMIT}, or when the client stops
     * sending (the server's idle timeout), the connection is closed anyway.
     */
    private static void drainThenClose(HttpServerRequest req) {
        long[] drained = {0};
        try {
            req.handler(b -> {
                drained[0] += b.length();
                if (drained[0] > DRAIN_LIMIT) {
                    req.connection().close();
                }
            });
            req.endHandler(v -> req.connection().close());
            req.exceptionHandler(t -> req.connection().close());
            req.resume();
        } catch (IllegalStateException alreadyRead) {
            req.connection().close();
        }
    }

    static void error(HttpServerRequest req, HelperEvents events, Throwable t) {
        if (t instanceof HelperException he) {
            error(req, events, he.status(), he.reason(), he.getMessage());
        } else {
            org.lafs.log.Log.warn("internal-error", "path", req.path(), "error", String.valueOf(t));
            error(req, events, 500, "internal-error", "internal error");
        }
    }

    /**
     * The preamble of every tus request but OPTIONS: the tus version, then the token. Empty when
     * either check has already answered the request. Callers with a body pause it first.
     */
    static Optional<TokenPolicy> admit(HttpServerRequest req, TokenRegistry tokens, HelperEvents events) {
        if (!checkTusVersion(req, events)) {
            return Optional.empty();
        }
        return authenticate(req, tokens, events);
    }

    /** The caller's token, or a 401 already sent (and empty). */
    static Optional<TokenPolicy> authenticate(HttpServerRequest req, TokenRegistry tokens, HelperEvents events) {
        Optional<TokenPolicy> t = tokens.authenticate(req.getHeader("Authorization"));
        if (t.isEmpty()) {
            req.response().putHeader("WWW-Authenticate", "Bearer realm=\"lafs-helper\"");
            error(req, events, 401, "unauthorized", "a valid bearer token is required");
        }
        return t;
    }

    /** tus: every request but OPTIONS names the protocol version; otherwise 412. */
    static boolean checkTusVersion(HttpServerRequest req, HelperEvents events) {
        String v = req.getHeader("Tus-Resumable");
        if (!Tus.VERSION.equals(v)) {
            req.response().putHeader("Tus-Version", Tus.VERSION);
            error(req, events, 412, "tus-version", "Tus-Resumable: " + Tus.VERSION + " is required");
            return false;
        }
        return true;
    }
}
