package org.lafs.helper.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.lafs.format.Base32;
import org.lafs.helper.auth.TokenRegistry;
import org.lafs.helper.config.HelperConfig;
import org.lafs.helper.config.TokenPolicy;
import org.lafs.helper.upload.GridProbe;
import org.lafs.helper.upload.Upload;
import org.lafs.helper.upload.UploadService;

/**
 * The helper's own (non-tus) JSON calls: the version document with this token's limits, the
 * "already in the grid?" check, and the upload result with long-poll.
 *
 * <p>Threading: event loop.
 */
final class QueryHandlers {
    /** Application version reported in the version document. */
    static final String APPLICATION_VERSION = "lafs-helper/" + org.lafs.BuildInfo.version();
    static final String PROTOCOL = "https://lafs.org/helper/v1";

    private final UploadService service;
    private final TokenRegistry tokens;
    private final GridProbe grid;

    QueryHandlers(UploadService service, TokenRegistry tokens, GridProbe grid) {
        this.service = service;
        this.tokens = tokens;
        this.grid = grid;
    }

    void version(RoutingContext ctx) {
        Optional<TokenPolicy> t = Http.authenticate(ctx.request(), tokens, service.events());
        if (t.isEmpty()) {
            return;
        }
        TokenPolicy token = t.get();
        HelperConfig c = service.config();
        JsonObject limits = new JsonObject()
                .put("max-file-size", Math.min(c.maxFileSize(), token.maxFileSize()))
                .put("max-segment-size", c.maxSegmentSize())
                .put("max-segments", c.maxOpenSegments())
                .put("bytes-per-day", token.bytesPerDay())
                .put("bytes-used-today", service.quota().usedToday(token.name()))
                .put("concurrent-uploads", token.concurrentUploads())
                .put("spool-available", Math.max(0, c.spoolQuotaBytes() - service.reservedSpool()))
                .put("expiry-seconds", c.expiry().toSeconds())
                .put("long-poll-max-seconds", c.longPollMax().toSeconds())
                .put("push-window-bytes", c.windowBytes())
                .put("push-segments-per-write", c.segmentsPerWrite())
                .put("push-write-bytes", c.writeBytes());
        JsonObject doc = new JsonObject()
                .put("application-version", APPLICATION_VERSION)
                .put("protocol", PROTOCOL)
                .put("tus", new JsonObject().put("version", Tus.VERSION).put("extensions", Tus.EXTENSIONS)
                        .put("checksum-algorithms", Tus.CHECKSUM_ALGORITHMS))
                .put("token", token.name())
                .put("limits", limits)
                .put("helper-as-client", c.helperAsClient());
        Http.json(ctx.response(), 200, doc);
    }

    void gridCheck(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (Http.authenticate(req, tokens, service.events()).isEmpty()) {
            return;
        }
        byte[] si;
        try {
            si = Base32.decode(ctx.pathParam("si"), 16);
        } catch (IllegalArgumentException e) {
            Http.error(req, service.events(), 400, "bad-storage-index", "storage index must be 26 base32 characters");
            return;
        }
        grid.probe(si).onComplete(ar -> {
            JsonObject body = new JsonObject().put("storage-index", Base32.encode(si));
            if (ar.succeeded() && ar.result() != null) {
                body.put("in-grid", true).put("result", ar.result().toJson());
            } else {
                body.put("in-grid", false);
            }
            Http.json(req.response(), 200, body);
        });
    }

    void result(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        Optional<TokenPolicy> token = Http.authenticate(req, tokens, service.events());
        if (token.isEmpty()) {
            return;
        }
        String si = ctx.pathParam("id");
        long waitMs = 0;
        String w = req.getParam("wait");
        if (w != null) {
            try {
                waitMs = Math.min(Tus.parseNonNegative(w, "wait", "bad-wait") * 1000, service.config().longPollMax().toMillis());
            } catch (RuntimeException e) {
                Http.error(req, service.events(), e);
                return;
            }
        }
        Optional<Upload> u = service.findFor(si, token.get());
        if (u.isPresent() && waitMs > 0) {
            Promise<Void> woke = Promise.promise();
            long timer = service.vertx().setTimer(waitMs, id -> woke.tryComplete());
            u.get().nextChange().onComplete(ar -> woke.tryComplete());
            woke.future().onComplete(ar -> {
                service.vertx().cancelTimer(timer);
                answer(req, si, token.get());
            });
            return;
        }
        answer(req, si, token.get());
    }

    private void answer(HttpServerRequest req, String si, TokenPolicy token) {
        Optional<Upload> u = service.findFor(si, token);
        if (u.isPresent()) {
            Http.json(req.response(), 200, status(u.get()));
            return;
        }
        service.storedResult(si).onComplete(ar -> {
            if (ar.failed() || ar.result().isEmpty()) {
                Http.error(req, service.events(), 404, "no-such-upload", "no upload or result for this id");
                return;
            }
            JsonObject body = new JsonObject().put("storage-index", si).put("state", ar.result().get().state())
                    .put("result", ar.result().get().toJson());
            Http.json(req.response(), 200, body);
        });
    }

    /** The progress document of a live upload (also used by the status page). */
    static JsonObject status(Upload u) {
        JsonObject o = new JsonObject()
                .put("storage-index", u.si())
                .put("state", u.phase())
                .put("size", u.params().size())
                .put("received", u.progress().durable())
                .put("num-segments", u.params().numSegments())
                .put("segments-pushed", u.segmentsDone())
                .put("bytes-pushed", u.bytesPushed());
        if (u.result() != null) {
            o.put("result", u.result().toJson());
        }
        return o;
    }

    static Future<Void> none() {
        return Future.succeededFuture();
    }
}
