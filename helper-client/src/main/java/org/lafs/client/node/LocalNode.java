package org.lafs.client.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.lafs.client.LafsClient;

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
                NodeResponses.refuse(ctx, 403, "Forbidden: " + refusal);
                return;
            }
            ctx.next();
        });
        NodeUploads uploads = new NodeUploads(vertx, client, spool, maxUpload, recent);
        NodeDownloads downloads = new NodeDownloads(vertx, client);
        r.put("/uri").handler(uploads::put);
        r.post("/uri").handler(uploads::postForm);
        r.get("/uri/:cap").handler(downloads::get);
        r.head("/uri/:cap").handler(downloads::get);
        r.get("/").handler(this::status);
        r.route().handler(ctx -> NodeResponses.text(ctx.response(), 404, "Not Found: this node serves PUT /uri, POST /uri?t=upload, GET /uri/$CAP and GET /"));
        if (client.config().helper() != null) {
            probeHelper();
            probeTimer = vertx.setPeriodic(HELPER_PROBE_MILLIS, id -> probeHelper());
        } else {
            helperState.set("no helper configured (direct uploads)");
        }
        r.errorHandler(500, ctx -> NodeResponses.text(ctx.response(), 500, "Internal Server Error"));
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

    // ------------------------------------------------------------------ status

    private void status(RoutingContext ctx) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>lafs-helper client node</title></head><body>\n");
        b.append("<h1>lafs-helper client node</h1>\n");
        if (client.config().helper() != null) {
            b.append("<p>Helper: ").append(NodeResponses.esc(client.config().helper().url().toString())).append(" &mdash; ")
                    .append(NodeResponses.esc(helperState.get())).append("</p>\n");
        } else {
            b.append("<p>Helper: none (uploads go directly to the grid)</p>\n");
        }
        b.append("<p>Encoding: ").append(client.config().parameters().k()).append("-of-").append(client.config().parameters().n())
                .append(", happy ").append(client.config().parameters().happy()).append("</p>\n");
        b.append("<h2>Recent uploads</h2>\n<table border=\"1\"><tr><th>when</th><th>storage index</th><th>size</th>"
                + "<th>mode</th><th>bytes sent</th><th>ms</th></tr>\n");
        for (RecentUploads.Entry e : recent.list()) {
            b.append("<tr><td>").append(e.at()).append("</td><td>").append(NodeResponses.esc(e.storageIndex())).append("</td><td>")
                    .append(e.size()).append("</td><td>").append(NodeResponses.esc(e.mode())).append(e.inGrid() ? " (already in grid)" : "")
                    .append("</td><td>").append(e.bytesSent()).append("</td><td>").append(e.millis()).append("</td></tr>\n");
        }
        b.append("</table>\n</body></html>\n");
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(b.toString());
    }

    private void probeHelper() {
        vertx.executeBlocking(client::pingHelper, false).onComplete(ar -> helperState.set(ar.succeeded()
                ? "connected (" + NodeResponses.oneLine(ar.result()) + ")" : "not connected: " + NodeResponses.oneLine(String.valueOf(ar.cause().getMessage()))));
    }

}
