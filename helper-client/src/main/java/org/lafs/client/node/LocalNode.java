package org.lafs.client.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.lafs.chk.cap.Capability;
import org.lafs.chk.cap.ChkCap;
import org.lafs.chk.cap.LitCap;
import org.lafs.client.LafsClient;
import org.lafs.client.LafsException;
import org.lafs.client.ProgressListener;
import org.lafs.client.UploadReport;
import org.lafs.format.Base32;
import org.lafs.log.Log;
import org.lafs.net.BodySpool;

/**
 * The local node: the subset of Tahoe's web-API that immutable files need, on a loopback port
 * (docs/client.md "Local node"):
 * <ul>
 *   <li>{@code PUT /uri} (body = file) answers 200 with the cap as text/plain, like Tahoe;</li>
 *   <li>{@code POST /uri?t=upload} (multipart form, field {@code file}) likewise, for browsers;</li>
 *   <li>{@code GET /uri/$CAP} with {@code Range} support (206/416);</li>
 *   <li>{@code GET /uri/$CAP?t=json}: {@code ["filenode", {...}]} as Tahoe answers;</li>
 *   <li>{@code GET /}: a status page (helper reachable or not, recent uploads).</li>
 * </ul>
 * Bodies are never held in memory: uploads are piped (request paused until the spool file is
 * open) into a temporary file in {@code <node>/tmp} because the upload reads them twice;
 * downloads stream segment by segment with back-pressure. The blocking client runs on worker
 * threads, never on the event loop. Errors are Tahoe-style: status plus a one-line text/plain
 * body (400 malformed cap or request, 410 shares missing or not matching the cap, 416 bad
 * range, 413 too large, 502 helper/grid failure), never wrong data: a failure after the first
 * byte resets the connection.
 */
public final class LocalNode {
    /** Largest PUT body accepted; bounded like every input, generous for real files. */
    public static final long DEFAULT_MAX_UPLOAD = 1L << 40;
    /**
     * How long after a form's body ended its file part may still be finishing (its last writes
     * queued); a part that has not ended by then never will (the body stopped inside it).
     */
    static final long FORM_END_GRACE_MILLIS = 10_000;
    /** How often the status page's helper probe runs. */
    static final long HELPER_PROBE_MILLIS = 30_000;

    private final Vertx vertx;
    private final LafsClient client;
    private final Path spool;
    private final long maxUpload;
    private final RecentUploads recent = new RecentUploads();
    private final AtomicReference<String> helperState = new AtomicReference<>("not checked yet");
    private HttpServer server;
    private long probeTimer = -1;

    private LocalNode(Vertx vertx, LafsClient client, Path spool, long maxUpload) {
        this.vertx = vertx;
        this.client = client;
        this.spool = spool;
        this.maxUpload = maxUpload;
    }

    /**
     * Starts the node on {@code host:port} (port 0 picks a free one). The node uses (does not
     * own) {@code client}; {@link #close()} stops the listener.
     */
    public static Future<LocalNode> start(Vertx vertx, LafsClient client, String host, int port) {
        return start(vertx, client, host, port, DEFAULT_MAX_UPLOAD);
    }

    /** As {@link #start(Vertx, LafsClient, String, int)}, accepting uploads of at most {@code maxUpload} bytes. */
    static Future<LocalNode> start(Vertx vertx, LafsClient client, String host, int port, long maxUpload) {
        Path spool = client.config().stateDir().resolve("tmp");
        try {
            org.lafs.fs.PrivateFiles.directory(spool); // bodies are plaintext until uploaded
            try (var old = Files.list(spool)) {
                for (Path p : (Iterable<Path>) old::iterator) {
                    if (p.getFileName().toString().endsWith(".body")) {
                        Files.deleteIfExists(p); // left by a killed node
                    }
                }
            }
        } catch (IOException e) {
            return Future.failedFuture(new IOException("cannot use spool directory " + spool + ": " + e.getMessage()));
        }
        LocalNode node = new LocalNode(vertx, client, spool, maxUpload);
        return node.listen(host, port);
    }

    private Future<LocalNode> listen(String host, int port) {
        Router r = Router.router(vertx);
        boolean loopback = RequestGuard.isLoopbackAddress(host);
        r.route().handler(ctx -> {
            String refusal = RequestGuard.refusal(ctx.request(), loopback);
            if (refusal != null) {
                ctx.request().pause();
                refuse(ctx, 403, "Forbidden: " + refusal);
                return;
            }
            ctx.next();
        });
        r.put("/uri").handler(this::put);
        r.post("/uri").handler(this::postForm);
        r.get("/uri/:cap").handler(this::get);
        r.head("/uri/:cap").handler(this::get);
        r.get("/").handler(this::status);
        r.route().handler(ctx -> text(ctx.response(), 404, "Not Found: this node serves PUT /uri, POST /uri?t=upload, GET /uri/$CAP and GET /"));
        if (client.config().helper() != null) {
            probeHelper();
            probeTimer = vertx.setPeriodic(HELPER_PROBE_MILLIS, id -> probeHelper());
        } else {
            helperState.set("no helper configured (direct uploads)");
        }
        r.errorHandler(500, ctx -> text(ctx.response(), 500, "Internal Server Error"));
        return org.lafs.net.HttpGuard.install(vertx.createHttpServer(), r).listen(port, host).map(s -> {
            server = s;
            return this;
        });
    }

    /** Whether {@code host} (a listen address) is a loopback address, which is the only safe place for this API. */
    public static boolean isLoopback(String host) {
        return RequestGuard.isLoopbackAddress(host);
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        if (probeTimer >= 0) {
            vertx.cancelTimer(probeTimer);
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    // ------------------------------------------------------------------ uploads

    private void put(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        req.pause();
        String cl = req.getHeader("Content-Length");
        if (cl != null && !cl.matches("[0-9]{1,18}")) {
            refuse(ctx, 400, "Bad Request: malformed Content-Length");
            return;
        }
        long declared = cl == null ? -1 : Long.parseLong(cl);
        if (declared > maxUpload) {
            refuse(ctx, 413, "Request Entity Too Large: at most " + maxUpload + " bytes");
            return;
        }
        FileSystem fs = vertx.fileSystem();
        String path = spool.resolve("put-" + UUID.randomUUID() + ".body").toString();
        fs.open(path, BodySpool.OPTIONS)
                .compose(file -> BodySpool.toFile(req, file, maxUpload, declared, null))
                .compose(n -> upload(path, n))
                .eventually(() -> fs.delete(path).recover(e -> Future.succeededFuture()))
                .onSuccess(report -> text(ctx.response(), 200, report.cap().uri()))
                .onFailure(err -> fail(ctx, err));
    }

    private void postForm(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        req.pause();
        if (!"upload".equals(req.getParam("t"))) {
            refuse(ctx, 400, "Bad Request: POST /uri needs ?t=upload");
            return;
        }
        String type = req.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")
                || !type.toLowerCase(java.util.Locale.ROOT).contains("boundary=")) {
            refuse(ctx, 400, "Bad Request: POST /uri?t=upload needs a multipart/form-data body with a 'file' field");
            return;
        }
        req.setExpectMultipart(true);
        FileSystem fs = vertx.fileSystem();
        String path = spool.resolve("form-" + UUID.randomUUID() + ".body").toString();
        io.vertx.core.Promise<Long> stored = io.vertx.core.Promise.promise();
        boolean[] seen = {false};
        req.uploadHandler(up -> {
            if (seen[0] || !"file".equals(up.name())) {
                up.handler(b -> { }); // ignore other files and fields
                return;
            }
            seen[0] = true;
            up.pause();
            fs.open(path, BodySpool.OPTIONS)
                    .compose(file -> BodySpool.toFile(up, file, maxUpload, -1, null))
                    .onComplete(stored);
        });
        req.exceptionHandler(err -> stored.tryFail(new LafsException(LafsException.Kind.BAD_INPUT,
                "the form could not be read: " + oneLine(String.valueOf(err.getMessage())))));
        req.endHandler(v -> {
            if (!seen[0]) {
                stored.tryFail(new LafsException(LafsException.Kind.BAD_INPUT, "the form has no 'file' field"));
            } else if (!stored.future().isComplete()) {
                // The part's end may still be queued behind the spool writes; a body that ended
                // inside the part never delivers it, so stop waiting after a grace period.
                long timer = vertx.setTimer(FORM_END_GRACE_MILLIS, id -> stored.tryFail(new LafsException(
                        LafsException.Kind.BAD_INPUT, "the form ends inside its 'file' field")));
                stored.future().onComplete(ar -> vertx.cancelTimer(timer));
            }
        });
        req.resume();
        stored.future()
                .compose(n -> upload(path, n))
                .eventually(() -> fs.delete(path).recover(e -> Future.succeededFuture()))
                .onSuccess(report -> text(ctx.response(), 200, report.cap().uri()))
                .onFailure(err -> fail(ctx, err));
    }

    /** Uploads the spooled body of {@code received} bytes, after checking the file holds exactly that many. */
    private Future<UploadReport> upload(String path, long received) {
        long t0 = System.nanoTime();
        return vertx.executeBlocking(() -> {
            long onDisk = Files.size(Path.of(path));
            if (onDisk != received) {
                throw new BodySpool.SpoolFailed(new IOException("the spool file holds " + onDisk + " of the "
                        + received + " bytes received"));
            }
            return client.upload(Path.of(path), ProgressListener.NONE);
        }, false)
                .onSuccess(r -> recent.add(new RecentUploads.Entry(Instant.now(),
                        r.cap() instanceof ChkCap c ? Base32.encode(c.storageIndex()) : "(literal)", r.size(), r.mode(),
                        r.bytesSent(), r.alreadyInGrid(), (System.nanoTime() - t0) / 1_000_000)));
    }

    // ------------------------------------------------------------------ downloads

    private void get(RoutingContext ctx) {
        HttpServerResponse resp = ctx.response();
        Capability cap;
        try {
            cap = LafsClient.parseCap(ctx.pathParam("cap"));
        } catch (LafsException e) {
            text(resp, 400, "Bad Request: " + e.getMessage());
            return;
        }
        String t = ctx.request().getParam("t");
        if ("json".equals(t)) {
            json(resp, cap);
            return;
        }
        if (t != null && !t.isEmpty()) {
            text(resp, 400, "Bad Request: unsupported t=" + oneLine(t));
            return;
        }
        long size = LafsClient.size(cap);
        RangeHeader range;
        try {
            range = RangeHeader.parse(ctx.request().getHeader("Range"), size);
        } catch (RangeHeader.Unsatisfiable e) {
            resp.putHeader("Content-Range", "bytes */" + size);
            text(resp, 416, "Requested Range Not Satisfiable");
            return;
        }
        long first = range == null ? 0 : range.first();
        long length = range == null ? size : range.length();
        resp.putHeader("Content-Type", "application/octet-stream");
        resp.putHeader("Accept-Ranges", "bytes");
        resp.putHeader("Content-Length", Long.toString(length));
        resp.putHeader("ETag", "\"" + etag(cap) + "\"");
        if (range != null) {
            resp.setStatusCode(206);
            resp.putHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
        }
        if (ctx.request().method() == io.vertx.core.http.HttpMethod.HEAD || length == 0) {
            if (length == 0 && cap instanceof ChkCap) {
                // still check that the file exists (Tahoe answers 410 for an unknown cap)
                download(ctx, cap, 0, 0);
                return;
            }
            resp.end();
            return;
        }
        download(ctx, cap, first, length);
    }

    private void download(RoutingContext ctx, Capability cap, long first, long length) {
        HttpServerResponse resp = ctx.response();
        ResponseOutputStream out = new ResponseOutputStream(resp);
        vertx.executeBlocking(() -> {
            client.download(cap, first, length, out, ProgressListener.NONE);
            out.drain();
            return null;
        }, false).onComplete(ar -> {
            if (ar.succeeded()) {
                resp.end();
            } else if (!resp.headWritten()) {
                fail(resp, ar.cause());
            } else {
                resp.reset(); // never let a truncated body look complete
            }
        });
    }

    private void json(HttpServerResponse resp, Capability cap) {
        JsonObject info = new JsonObject().put("mutable", false).put("ro_uri", cap.uri()).put("size", LafsClient.size(cap));
        if (cap instanceof ChkCap c) {
            info.put("verify_uri", c.verifier().uri()).put("format", "CHK");
        } else if (cap instanceof LitCap) {
            info.put("format", "LIT");
        } else {
            info.put("verify_uri", cap.uri()).put("format", "CHK");
            info.remove("ro_uri");
        }
        resp.putHeader("Content-Type", "application/json");
        resp.setStatusCode(200).end(new JsonArray().add("filenode").add(info).encode() + "\n");
    }

    // ------------------------------------------------------------------ status

    private void status(RoutingContext ctx) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>lafs-helper client node</title></head><body>\n");
        b.append("<h1>lafs-helper client node</h1>\n");
        if (client.config().helper() != null) {
            b.append("<p>Helper: ").append(esc(client.config().helper().url().toString())).append(" &mdash; ")
                    .append(esc(helperState.get())).append("</p>\n");
        } else {
            b.append("<p>Helper: none (uploads go directly to the grid)</p>\n");
        }
        b.append("<p>Encoding: ").append(client.config().parameters().k()).append("-of-").append(client.config().parameters().n())
                .append(", happy ").append(client.config().parameters().happy()).append("</p>\n");
        b.append("<h2>Recent uploads</h2>\n<table border=\"1\"><tr><th>when</th><th>storage index</th><th>size</th>"
                + "<th>mode</th><th>bytes sent</th><th>ms</th></tr>\n");
        for (RecentUploads.Entry e : recent.list()) {
            b.append("<tr><td>").append(e.at()).append("</td><td>").append(esc(e.storageIndex())).append("</td><td>")
                    .append(e.size()).append("</td><td>").append(esc(e.mode())).append(e.inGrid() ? " (already in grid)" : "")
                    .append("</td><td>").append(e.bytesSent()).append("</td><td>").append(e.millis()).append("</td></tr>\n");
        }
        b.append("</table>\n</body></html>\n");
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(b.toString());
    }

    private void probeHelper() {
        vertx.executeBlocking(client::pingHelper, false).onComplete(ar -> helperState.set(ar.succeeded()
                ? "connected (" + oneLine(ar.result()) + ")" : "not connected: " + oneLine(String.valueOf(ar.cause().getMessage()))));
    }

    // ------------------------------------------------------------------ plumbing

    /** An upload's failure; a body past the size limit also closes the connection (its rest is unread). */
    private static void fail(RoutingContext ctx, Throwable err) {
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
    private static void refuse(RoutingContext ctx, int status, String message) {
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


    private static void fail(HttpServerResponse resp, Throwable err) {
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

    private static void text(HttpServerResponse resp, int status, String body) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        for (String h : new String[] {"Content-Length", "Content-Range", "Accept-Ranges", "ETag"}) {
            resp.headers().remove(h);
        }
        resp.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(oneLine(body) + (status == 200 ? "" : "\n"));
    }

    private static String etag(Capability cap) {
        if (cap instanceof ChkCap c) {
            return Base32.encode(c.storageIndex());
        }
        return Integer.toHexString(cap.hashCode());
    }

    static String oneLine(String s) {
        String t = s.length() > 500 ? s.substring(0, 500) + "..." : s;
        return t.replaceAll("[\\p{Cntrl}]", "?");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
