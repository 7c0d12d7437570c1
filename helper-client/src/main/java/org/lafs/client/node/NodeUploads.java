package org.lafs.client.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.lafs.chk.cap.ChkCap;
import org.lafs.client.LafsClient;
import org.lafs.client.LafsException;
import org.lafs.client.ProgressListener;
import org.lafs.client.UploadReport;
import org.lafs.format.Base32;
import org.lafs.net.BodySpool;


/**
 * The local node's uploads: {@code PUT /uri} (body = file) and {@code POST /uri?t=upload}
 * (multipart form, field {@code file}), answered with the cap as text like Tahoe. A body is
 * spooled owner-only to {@code <node>/tmp} through {@link BodySpool} (every write checked, the
 * length compared), because the upload reads it twice, and deleted after; the blocking client
 * runs on a worker thread.
 */
final class NodeUploads {
    /**
     * How long after a form's body ended its file part may still be finishing (its last writes
     * queued); a part that has not ended by then never will (the body stopped inside it).
     */
    static final long FORM_END_GRACE_MILLIS = 10_000;

    private final Vertx vertx;
    private final LafsClient client;
    private final Path spool;
    private final long maxUpload;
    private final RecentUploads recent;

    NodeUploads(Vertx vertx, LafsClient client, Path spool, long maxUpload, RecentUploads recent) {
        this.vertx = vertx;
        this.client = client;
        this.spool = spool;
        this.maxUpload = maxUpload;
        this.recent = recent;
    }

    void put(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        req.pause();
        String cl = req.getHeader("Content-Length");
        if (cl != null && !cl.matches("[0-9]{1,18}")) {
            NodeResponses.refuse(ctx, 400, "Bad Request: malformed Content-Length");
            return;
        }
        long declared = cl == null ? -1 : Long.parseLong(cl);
        if (declared > maxUpload) {
            NodeResponses.refuse(ctx, 413, "Request Entity Too Large: at most " + maxUpload + " bytes");
            return;
        }
        FileSystem fs = vertx.fileSystem();
        String path = spool.resolve("put-" + UUID.randomUUID() + ".body").toString();
        fs.open(path, BodySpool.OPTIONS)
                .compose(file -> BodySpool.toFile(req, file, maxUpload, declared, null))
                .compose(n -> upload(path, n))
                .eventually(() -> fs.delete(path).recover(e -> Future.succeededFuture()))
                .onSuccess(report -> NodeResponses.text(ctx.response(), 200, report.cap().uri()))
                .onFailure(err -> NodeResponses.fail(ctx, err));
    }

    void postForm(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        req.pause();
        if (!"upload".equals(req.getParam("t"))) {
            NodeResponses.refuse(ctx, 400, "Bad Request: POST /uri needs ?t=upload");
            return;
        }
        String type = req.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")
                || !type.toLowerCase(java.util.Locale.ROOT).contains("boundary=")) {
            NodeResponses.refuse(ctx, 400, "Bad Request: POST /uri?t=upload needs a multipart/form-data body with a 'file' field");
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
                "the form could not be read: " + NodeResponses.oneLine(String.valueOf(err.getMessage())))));
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
                .onSuccess(report -> NodeResponses.text(ctx.response(), 200, report.cap().uri()))
                .onFailure(err -> NodeResponses.fail(ctx, err));
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
}
