package org.lafs.storage;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.lafs.gbs.AllocateRequest;
import org.lafs.gbs.AllocateResult;
import org.lafs.gbs.CborFormatException;
import org.lafs.gbs.GbsCbor;
import org.lafs.gbs.GbsProtocol;
import org.lafs.gbs.SecretKind;
import org.lafs.gbs.VersionInfo;
import org.lafs.storage.disk.ShareFile;
import org.lafs.storage.disk.ShareStore;
import org.lafs.storage.http.HeaderRules;
import org.lafs.storage.http.HeaderRules.Rejection;

/**
 * Serves the immutable GBS endpoints (spec section 3) with the status codes of Tahoe's server.
 *
 * <p>Threading: {@link #handle} runs on the node's event loop; every {@link ShareStore} call runs
 * on the node's ordered worker lane ({@code executeBlocking(..., true)}), so the store is used by
 * one thread at a time and the event loop never touches the disk. Each request is paused on
 * arrival and resumed only when its body is wanted; PATCH bodies are written in pieces of about
 * 256 KiB as they arrive (at most one piece and one chunk buffered per request).
 *
 * <p>Order of checks per request: route (404/405), fault policy, Authorization (401), secret
 * headers (400), then the endpoint's own checks. Early answers drain a bounded remainder of the
 * request body, or close the connection when the body is too large to drain.
 */
final class GbsRequestHandler implements Handler<HttpServerRequest> {
    /**
     * PATCH bodies go to the lane in pieces of about this many bytes (so a body holds at most a
     * piece and a chunk). Tahoe's server writes 64 KiB pieces ({@code request.content.read(65536)});
     * each piece costs a pause, a hop to the lane thread and back and a resume, so 256 KiB takes a
     * 350 KB PATCH in 2 lane tasks instead of 6 (docs/performance.md, fourth round).
     * {@code -Dlafs.storage.piece} overrides it for measurements.
     */
    static final int PIECE = Integer.getInteger("lafs.storage.piece", 256 << 10);

    /** Tahoe's {@code MAX_MUTABLE_SHARE_SIZE} (69105 TB), reported in the version document. */
    static final long MAX_MUTABLE_SHARE_SIZE = 69105L * 1000 * 1000 * 1000 * 1000;

    static final byte[] APPLICATION_VERSION = "lafs-java-storage/0.1.0".getBytes(StandardCharsets.US_ASCII);

    private final Vertx vertx;
    private final WorkerExecutor lane;
    private final ShareStore store;
    private final NodeConfig config;
    private final NodeStats stats;
    private final byte[] expectedAuth;
    private final LongSupplier clock;
    private volatile FaultPolicy faults = FaultPolicy.NONE;

    GbsRequestHandler(Vertx vertx, WorkerExecutor lane, ShareStore store, NodeConfig config, NodeStats stats,
                      String swissnum, LongSupplier clock) {
        this.vertx = vertx;
        this.lane = lane;
        this.store = store;
        this.config = config;
        this.stats = stats;
        this.expectedAuth = (GbsProtocol.AUTH_SCHEME + " " + java.util.Base64.getEncoder()
                .encodeToString(swissnum.getBytes(StandardCharsets.US_ASCII))).getBytes(StandardCharsets.US_ASCII);
        this.clock = clock;
    }

    void faultPolicy(FaultPolicy policy) {
        this.faults = policy == null ? FaultPolicy.NONE : policy;
    }

    private <T> Future<T> onLane(Callable<T> task) {
        return lane.executeBlocking(task, true);
    }

    /** One request in flight: its fault and whether it has been answered. */
    private final class Exchange {
        final HttpServerRequest req;
        final Fault fault;
        boolean answered;
        long patchBytes;

        Exchange(HttpServerRequest req, Fault fault) {
            this.req = req;
            this.fault = fault;
        }

        void fail(int status, String message) {
            respond(status, null, message == null ? null : Buffer.buffer(message));
        }

        void fail(Rejection r) {
            fail(r.status(), r.getMessage());
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
                vertx.setTimer(Math.max(1, fault.delayMs()), id -> send.run());
            } else {
                send.run();
            }
        }

        void finishPatch() {
            if (patchBytes > 0) {
                stats.patchFinished(patchBytes);
                patchBytes = 0;
            }
        }

        /**
         * Runs {@code then} once the request body is fully read (discarding what is left), as
         * Tahoe's server (Twisted reads whole bodies before dispatching) never answers early.
         * A body larger than {@code maxChunk + 64 KiB} is not read: the answer then carries
         * {@code Connection: close} ({@code then} gets true) and the connection is closed.
         */
        void afterBody(java.util.function.Consumer<Boolean> then) {
            if (req.isEnded()) {
                then.accept(false);
                return;
            }
            long cap = (long) config.maxChunk() + PIECE;
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
    }

    @Override
    public void handle(HttpServerRequest req) {
        req.pause();
        stats.request();
        Route route = Route.match(req.method(), req.path());
        Fault fault = route.kind() == Route.Kind.ERROR ? Fault.NONE : faults.decide(req.method(), req.path());
        Exchange ex = new Exchange(req, fault);
        if (route.kind() == Route.Kind.ERROR) {
            ex.fail(route.errorStatus(), null);
            return;
        }
        switch (fault.kind()) {
            case STALL -> {
                return;
            }
            case DISCONNECT -> {
                req.connection().close();
                return;
            }
            case STATUS -> {
                ex.fail(fault.status(), null);
                return;
            }
            case DISCONNECT_MID_BODY -> {
                req.handler(b -> req.connection().close());
                req.endHandler(v -> req.connection().close());
                req.resume();
                return;
            }
            default -> { }
        }
        String auth = req.getHeader(HttpHeaders.AUTHORIZATION);
        if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expectedAuth)) {
            ex.fail(401, "Wrong Authorization header");
            return;
        }
        Map<SecretKind, byte[]> secrets;
        try {
            secrets = HeaderRules.secrets(req.headers().getAll(GbsProtocol.SECRET_HEADER), required(route.kind()));
        } catch (Rejection r) {
            ex.fail(r);
            return;
        }
        try {
            switch (route.kind()) {
                case VERSION -> version(ex);
                case ALLOCATE -> allocate(ex, route, secrets);
                case WRITE -> write(ex, route, secrets.get(SecretKind.UPLOAD));
                case READ -> read(ex, route);
                case ABORT -> abort(ex, route, secrets.get(SecretKind.UPLOAD));
                case LIST -> list(ex, route);
                case LEASE -> lease(ex, route, secrets);
                case CORRUPT -> corrupt(ex, route);
                default -> ex.fail(404, null);
            }
        } catch (Rejection r) {
            ex.fail(r);
        }
    }

    private static Set<SecretKind> required(Route.Kind kind) {
        return switch (kind) {
            case ALLOCATE -> EnumSet.of(SecretKind.LEASE_RENEW, SecretKind.LEASE_CANCEL, SecretKind.UPLOAD);
            case WRITE, ABORT -> EnumSet.of(SecretKind.UPLOAD);
            case LEASE -> EnumSet.of(SecretKind.LEASE_RENEW, SecretKind.LEASE_CANCEL);
            default -> EnumSet.noneOf(SecretKind.class);
        };
    }

    private void internalError(Exchange ex, Throwable t) {
        ex.fail(500, "internal error");
    }

    // ---------------------------------------------------------------- endpoints

    private void version(Exchange ex) throws Rejection {
        HeaderRules.requireCborAccept(ex.req.getHeader(HttpHeaders.ACCEPT));
        onLane(store::availableSpace).onComplete(ar -> {
            if (ar.failed()) {
                internalError(ex, ar.cause());
                return;
            }
            long avail = ar.result();
            ex.cbor(200, GbsCbor.encodeVersion(new VersionInfo(avail, MAX_MUTABLE_SHARE_SIZE, avail, APPLICATION_VERSION)));
        });
    }

    private void allocate(Exchange ex, Route route, Map<SecretKind, byte[]> secrets) throws Rejection {
        HeaderRules.requireCborContentType(ex.req.getHeader(HttpHeaders.CONTENT_TYPE));
        readBody(ex, GbsProtocol.MAX_ALLOCATE_BODY).onSuccess(body -> {
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
            onLane(() -> store.allocate(route.si(), secrets.get(SecretKind.LEASE_RENEW), secrets.get(SecretKind.LEASE_CANCEL),
                    secrets.get(SecretKind.UPLOAD), request.shareNumbers(), request.allocatedSize(), clock.getAsLong()))
                    .onComplete(ar -> {
                        if (ar.failed()) {
                            internalError(ex, ar.cause());
                        } else {
                            AllocateResult r = ar.result();
                            ex.cbor(200, GbsCbor.encodeAllocateResult(r));
                        }
                    });
        });
    }

    private void abort(Exchange ex, Route route, byte[] secret) {
        if (route.shnum() == Route.NO_SUCH_SHARE) {
            ex.fail(404, null);
            return;
        }
        onLane(() -> store.abort(route.si(), route.shnum(), secret)).onComplete(ar -> {
            if (ar.failed()) {
                internalError(ex, ar.cause());
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

    private void list(Exchange ex, Route route) throws Rejection {
        HeaderRules.requireCborAccept(ex.req.getHeader(HttpHeaders.ACCEPT));
        onLane(() -> store.listShares(route.si())).onComplete(ar -> {
            if (ar.failed()) {
                internalError(ex, ar.cause());
            } else {
                ex.cbor(200, GbsCbor.encodeShareSet(ar.result()));
            }
        });
    }

    private void lease(Exchange ex, Route route, Map<SecretKind, byte[]> secrets) {
        onLane(() -> store.addLease(route.si(), secrets.get(SecretKind.LEASE_RENEW), secrets.get(SecretKind.LEASE_CANCEL),
                clock.getAsLong())).onComplete(ar -> {
            if (ar.failed()) {
                internalError(ex, ar.cause());
            } else {
                ex.fail(ar.result() ? 204 : 404, null);
            }
        });
    }

    private void corrupt(Exchange ex, Route route) {
        if (route.shnum() == Route.NO_SUCH_SHARE) {
            ex.fail(404, null);
            return;
        }
        onLane(() -> store.sharePath(route.si(), route.shnum()) != null).onComplete(ar -> {
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
            readBody(ex, GbsProtocol.MAX_CORRUPT_BODY).onSuccess(body -> {
                String reason;
                try {
                    reason = GbsCbor.decodeCorruptRequest(body.getBytes());
                } catch (CborFormatException e) {
                    ex.fail(400, e.getMessage());
                    return;
                }
                onLane(() -> store.adviseCorrupt(route.si(), route.shnum(), reason, clock.getAsLong())).onComplete(w -> {
                    if (w.failed()) {
                        internalError(ex, w.cause());
                    } else {
                        ex.respond(w.result() ? 200 : 404, null, null);
                    }
                });
            });
        });
    }

    /** Reads a whole small body, answering 413 (and failing the Future) above {@code limit}. */
    private Future<Buffer> readBody(Exchange ex, int limit) {
        Promise<Buffer> p = Promise.promise();
        String cl = ex.req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (cl != null) {
            long n;
            try {
                n = Long.parseLong(cl.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) {
                ex.fail(400, "bad Content-Length");
                return p.future();
            }
            if (n > limit) {
                ex.fail(413, "request body larger than " + limit + " bytes");
                return p.future();
            }
        }
        Buffer acc = Buffer.buffer();
        ex.req.handler(b -> {
            if (ex.answered) {
                return;
            }
            if (acc.length() + b.length() > limit) {
                ex.fail(413, "request body larger than " + limit + " bytes");
                return;
            }
            acc.appendBuffer(b);
        });
        ex.req.exceptionHandler(t -> ex.answered = true);
        ex.req.endHandler(v -> {
            if (!ex.answered) {
                p.tryComplete(acc);
            }
        });
        ex.req.resume();
        return p.future();
    }

    // ---------------------------------------------------------------- read

    private void read(Exchange ex, Route route) {
        String rangeHeader = ex.req.getHeader("Range");
        ex.req.response().putHeader(HttpHeaders.CONTENT_TYPE, GbsProtocol.OCTET_STREAM);
        if (route.shnum() == Route.NO_SUCH_SHARE) {
            ex.fail(404, null);
            return;
        }
        onLane(() -> {
            java.nio.file.Path p = store.sharePath(route.si(), route.shnum());
            if (p == null) {
                return -1L;
            }
            try (ShareFile f = ShareFile.open(p, false)) {
                return f.dataLength();
            }
        }).onComplete(ar -> {
            if (ar.failed()) {
                internalError(ex, ar.cause());
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
            int n = (int) Math.min(PIECE, stop - pos[0]);
            long at = pos[0];
            onLane(() -> {
                java.nio.file.Path p = store.sharePath(route.si(), route.shnum());
                if (p == null) {
                    throw new java.io.IOException("share vanished");
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

    // ---------------------------------------------------------------- write

    private void write(Exchange ex, Route route, byte[] secret) throws Rejection {
        long[] range = HeaderRules.contentRange(ex.req.getHeader(HttpHeaders.CONTENT_RANGE));
        long first = range[0];
        long stop = range[1];
        long length = stop - first;
        if (route.shnum() == Route.NO_SUCH_SHARE) {
            ex.fail(404, null);
            return;
        }
        onLane(() -> {
            ShareStore.Status s = store.lookup(route.si(), route.shnum(), secret);
            return s == ShareStore.Status.OK ? store.allocatedSize(route.si(), route.shnum()) : (s == ShareStore.Status.UNAUTHORIZED ? -2L : -1L);
        }).onComplete(ar -> {
            if (ar.failed()) {
                internalError(ex, ar.cause());
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
            if (length > config.maxChunk()) {
                ex.fail(413, "PATCH body larger than " + config.maxChunk() + " bytes");
                return;
            }
            String cl = ex.req.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (cl != null && !cl.strip().equals(Long.toString(length))) {
                ex.fail(400, "body length does not match Content-Range");
                return;
            }
            ex.patchBytes = length;
            stats.patchStarted(length);
            new PatchStream(ex, route, secret, first, length).start();
        });
    }

    /**
     * Streams one PATCH body to the store: body chunks are kept as they arrived (no joining
     * copy) until about {@link #PIECE} bytes are pending, then the lane writes them in one task
     * while the request is paused, so a body never holds more than a piece and a chunk.
     */
    private final class PatchStream {
        final Exchange ex;
        final Route route;
        final byte[] secret;
        final long length;
        long offset;
        long received;
        List<ByteBuffer> pending = new ArrayList<>();
        int pendingBytes;
        boolean writing;
        boolean ended;

        PatchStream(Exchange ex, Route route, byte[] secret, long first, long length) {
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

        void connectionLost() {
            if (!ex.answered) {
                ex.answered = true;
                ex.finishPatch();
                onLane(() -> {
                    store.checkpoint(route.si(), route.shnum());
                    return null;
                });
            }
        }

        /** Hands the pending chunks to the caller and starts a new list. */
        List<ByteBuffer> takePending() {
            List<ByteBuffer> out = pending;
            pending = new ArrayList<>();
            pendingBytes = 0;
            return out;
        }

        void pump() {
            if (ex.answered || writing) {
                return;
            }
            if (ended && received == length) {
                // the final piece and the end of the request in one lane task
                int pieceLength = pendingBytes;
                List<ByteBuffer> piece = takePending();
                long at = offset;
                writing = true;
                onLane(() -> {
                    if (pieceLength > 0) {
                        ShareStore.WriteOutcome w = store.write(route.si(), route.shnum(), secret, at, piece, clock.getAsLong());
                        if (w.status() != ShareStore.Status.OK) {
                            return w;
                        }
                    }
                    return store.finishWrite(route.si(), route.shnum(), clock.getAsLong());
                }).onComplete(ar -> {
                    writing = false;
                    if (ex.answered) {
                        return;
                    }
                    if (ar.failed()) {
                        internalError(ex, ar.cause());
                        return;
                    }
                    stats.written(pieceLength);
                    ShareStore.WriteOutcome o = ar.result();
                    switch (o.status()) {
                        case COMPLETE -> ex.cbor(201, GbsCbor.encodeRequired(List.of()));
                        case OK -> ex.cbor(200, GbsCbor.encodeRequired(o.required()));
                        case CONFLICT -> ex.fail(409, null);
                        case UNAUTHORIZED -> ex.fail(401, null);
                        case OUT_OF_RANGE -> ex.fail(416, null);
                        default -> ex.fail(404, null);
                    }
                });
                return;
            }
            if (pendingBytes >= PIECE) {
                int pieceLength = pendingBytes;
                List<ByteBuffer> piece = takePending();
                long at = offset;
                writing = true;
                ex.req.pause();
                onLane(() -> store.write(route.si(), route.shnum(), secret, at, piece, clock.getAsLong())).onComplete(ar -> {
                    writing = false;
                    if (ex.answered) {
                        return;
                    }
                    if (ar.failed()) {
                        internalError(ex, ar.cause());
                        return;
                    }
                    stats.written(pieceLength);
                    switch (ar.result().status()) {
                        case OK, COMPLETE -> {
                            offset += pieceLength;
                            if (!ended) {
                                ex.req.resume();
                            }
                            pump();
                        }
                        case CONFLICT -> ex.fail(409, null);
                        case UNAUTHORIZED -> ex.fail(401, null);
                        case OUT_OF_RANGE -> ex.fail(416, null);
                        default -> ex.fail(404, null);
                    }
                });
                return;
            }
            if (ended && received != length) {
                ex.fail(400, "body shorter than Content-Range");
            }
        }
    }
}
