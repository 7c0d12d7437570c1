package org.lafs.net;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The first look every one of our HTTP servers takes at a request, before its routes: requests
 * whose HTTP version is neither 1.0 nor 1.1, and targets that are not a well-formed absolute
 * path ({@code *}, absolute-form, {@code nopath}, a {@code %} not followed by two hex digits),
 * and requests without {@code Host} get {@code 400} and a closed connection. Without it Vert.x answers an unknown version with a
 * hard-coded 501, and vertx-web's router throws on a bad escape ("Unhandled exception in
 * router" with a stack trace); both are client errors, found by the malformed-request fuzz test.
 *
 * <p>WebSocket upgrades are refused (none of our servers speaks WebSocket): installing a handshake
 * handler is also what makes Vert.x hand requests with an unknown version to the request handler
 * instead of answering them itself.
 */
public final class HttpGuard {
    private HttpGuard() {}

    /**
     * Largest body chunk Vert.x hands a request handler. Vert.x's default is 8,192 bytes
     * ({@code HttpServerOptions.DEFAULT_MAX_CHUNK_SIZE}), so every 16 KiB TLS record of an upload
     * body became two handler calls, each with its own heap copy and queueing; 64 KiB lets a chunk
     * be whatever one read decrypted. With the storage server's larger pieces it took the grid
     * from 8.0 to 6.1 CPU ms per MB in {@code bin/loadtest throughput} (docs/performance.md,
     * fourth round). {@code -Dlafs.http.max-chunk} overrides it for measurements.
     */
    public static final int MAX_CHUNK = Integer.getInteger("lafs.http.max-chunk", 64 << 10);

    /** Our body-streaming servers' common options (see {@link #MAX_CHUNK}). */
    public static io.vertx.core.http.HttpServerOptions tune(io.vertx.core.http.HttpServerOptions o) {
        return o.setMaxChunkSize(MAX_CHUNK);
    }

    /** Sets {@code handler} as {@code server}'s request handler, behind the checks. */
    public static HttpServer install(HttpServer server, Handler<HttpServerRequest> handler) {
        server.webSocketHandshakeHandler(hs -> hs.reject(404));
        return server.requestHandler(req -> {
            String problem = problem(req);
            if (problem != null) {
                req.pause();
                HttpServerResponse resp = req.response();
                resp.putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Connection", "close")
                        .setStatusCode(400).end("Bad Request: " + problem + "\n").onComplete(ar -> req.connection().close());
                return;
            }
            handler.handle(req);
        });
    }

    /** What is wrong with the request line, or null. */
    static String problem(HttpServerRequest req) {
        if (req.version() == null) {
            return "only HTTP/1.0 and HTTP/1.1 are spoken here";
        }
        if (req.authority() == null) {
            // RFC 9112 section 3.2 (HTTP/2 carries it as :authority); vertx-web's router throws without one
            return "a Host header is required";
        }
        return targetProblem(req.path());
    }

    /** What is wrong with a request path, or null when it is an absolute path with valid escapes. */
    public static String targetProblem(String path) {
        if (path == null || !path.startsWith("/")) {
            return "the request target must be an absolute path";
        }
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0) {
                return "malformed percent-escape in the path";
            }
        }
        return null;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
