package org.lafs.storage.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Consumer;
import org.lafs.gbs.GbsProtocol;
import org.lafs.storage.Fault;
import org.lafs.storage.http.HeaderRules.Rejection;

/**
 * One request in flight: its fault, whether it has been answered, and the one way to answer it.
 * An answer is sent only once, after the rest of the request body is drained (or with
 * {@code Connection: close} when that body is too large to drain), and the fault decides whether
 * it is sent, delayed or dropped. Confined to the node's event loop.
 */
final class Exchange {
    final HttpServerRequest req;
    final Fault fault;
    private final RouteContext ctx;
    /** Set once an answer is on its way (or the request was given up); later answers are ignored. */
    boolean answered;
    /** The Content-Range length of a PATCH counted as outstanding, 0 when none. */
    long patchBytes;

    Exchange(RouteContext ctx, HttpServerRequest req, Fault fault) {
        this.ctx = ctx;
        this.req = req;
        this.fault = fault;
    }

    void fail(int status, String message) {
        respond(status, null, message == null ? null : Buffer.buffer(message));
    }

    void fail(Rejection r) {
        fail(r.status(), r.getMessage());
    }

    /** A store call failed: the cause stays on the server, the client learns only that it was ours. */
    void internalError(Throwable cause) {
        fail(500, "internal error");
    }

    void cbor(int status, byte[] body) {
        respond(status, GbsProtocol.CBOR, Buffer.buffer(body));
    }

    void respond(int status, String contentType, Buffer body) {
        if (answered) {
            return;
        }
        answered = true;
        Runnable send = () -> afterBody(closeAfter -> {
            finishPatch();
            HttpServerResponse resp = req.response();
            if (resp.ended() || resp.closed()) {
                return;
            }
            resp.setStatusCode(status);
            if (contentType != null) {
                resp.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
            }
            if (closeAfter) {
                resp.putHeader(HttpHeaders.CONNECTION, "close");
            }
            Future<Void> sent = body == null || body.length() == 0 ? resp.end() : resp.end(body);
            if (closeAfter) {
                sent.onComplete(ar -> req.connection().close());
            }
        });
        if (fault.kind() == Fault.Kind.DROP_RESPONSE) {
            finishPatch();
            req.connection().close();
        } else if (fault.kind() == Fault.Kind.DELAY) {
            ctx.vertx().setTimer(Math.max(1, fault.delayMs()), id -> send.run());
        } else {
            send.run();
        }
    }

    /** Starts counting a PATCH of {@code length} bytes as outstanding until {@link #finishPatch}. */
    void startPatch(long length) {
        patchBytes = length;
        ctx.counters().patchStarted(length);
    }

    void finishPatch() {
        if (patchBytes > 0) {
            ctx.counters().patchFinished(patchBytes);
            patchBytes = 0;
        }
    }

    /**
     * Runs {@code then} once the request body is fully read (discarding what is left), as
     * Tahoe's server (Twisted reads whole bodies before dispatching) never answers early.
     * A body larger than {@code maxChunk + PIECE} is not read: the answer then carries
     * {@code Connection: close} ({@code then} gets true) and the connection is closed.
     */
    void afterBody(Consumer<Boolean> then) {
        if (req.isEnded()) {
            then.accept(false);
            return;
        }
        long cap = (long) ctx.maxChunk() + RouteContext.PIECE;
        String cl = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (cl != null) {
            try {
                if (Long.parseLong(cl.strip()) > cap) {
                    then.accept(true);
                    return;
                }
            } catch (NumberFormatException e) {
                then.accept(true);
                return;
            }
        }
        long[] seen = {0};
        boolean[] done = {false};
        req.exceptionHandler(t -> { });
        req.handler(b -> {
            seen[0] += b.length();
            if (seen[0] > cap && !done[0]) {
                done[0] = true;
                req.handler(null);
                then.accept(true);
            }
        });
        req.endHandler(v -> {
            if (!done[0]) {
                done[0] = true;
                then.accept(false);
            }
        });
        req.resume();
    }

    /** Reads a whole small body, answering 413 (and leaving the Future pending) above {@code limit}. */
    Future<Buffer> readSmallBody(int limit) {
        Promise<Buffer> p = Promise.promise();
        String cl = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (cl != null) {
            long n;
            try {
                n = Long.parseLong(cl.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) {
                fail(400, "bad Content-Length");
                return p.future();
            }
            if (n > limit) {
                fail(413, "request body larger than " + limit + " bytes");
                return p.future();
            }
        }
        Buffer acc = Buffer.buffer();
        req.handler(b -> {
            if (answered) {
                return;
            }
            if (acc.length() + b.length() > limit) {
                fail(413, "request body larger than " + limit + " bytes");
                return;
            }
            acc.appendBuffer(b);
        });
        req.exceptionHandler(t -> answered = true);
        req.endHandler(v -> {
            if (!answered) {
                p.tryComplete(acc);
            }
        });
        req.resume();
        return p.future();
    }
}
