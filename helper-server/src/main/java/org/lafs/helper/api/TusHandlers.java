package org.lafs.helper.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import org.lafs.helper.auth.TokenRegistry;
import org.lafs.helper.config.TokenPolicy;
import org.lafs.helper.upload.HelperResult;
import org.lafs.helper.upload.KeyProof;
import org.lafs.helper.upload.Upload;
import org.lafs.helper.upload.UploadParams;
import org.lafs.helper.upload.UploadService;

/**
 * The tus endpoints without a request body: OPTIONS (discovery), POST (creation, which is also
 * the helper's "upload_chk": dedup, quotas, grid check), HEAD (offset) and DELETE (termination).
 * The upload URL is {@code <base>/uploads/<storage index>}, so every client of the same file
 * lands on the same upload.
 *
 * <p>Threading: event loop; every slow step is a future from {@link UploadService}.
 */
final class TusHandlers {
    /** Suggested wait before asking again for a file another client is uploading (a guess: uploads take minutes). */
    static final long RETRY_AFTER_SECONDS = 60;

    private final UploadService service;
    private final TokenRegistry tokens;
    private final String base;

    TusHandlers(UploadService service, TokenRegistry tokens, String base) {
        this.service = service;
        this.tokens = tokens;
        this.base = base;
    }

    void options(RoutingContext ctx) {
        HttpServerResponse resp = ctx.response();
        resp.putHeader("Tus-Resumable", Tus.VERSION)
                .putHeader("Tus-Version", Tus.VERSION)
                .putHeader("Tus-Extension", Tus.EXTENSIONS)
                .putHeader("Tus-Checksum-Algorithm", Tus.CHECKSUM_ALGORITHMS)
                .putHeader("Tus-Max-Size", Long.toString(service.config().maxFileSize()))
                .setStatusCode(204)
                .end();
    }

    void create(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        req.pause(); // until admitted
        Optional<TokenPolicy> token = Http.admit(req, tokens, service.events());
        if (token.isEmpty()) {
            return;
        }
        if (req.getHeader("Upload-Defer-Length") != null) {
            Http.error(req, service.events(), 400, "defer-length-unsupported", "the size must be declared up front");
            return;
        }
        String cl = req.getHeader("Content-Length");
        if (cl != null && !cl.equals("0")) {
            Http.error(req, service.events(), 400, "creation-with-upload-unsupported", "send ciphertext with PATCH");
            return;
        }
        UploadParams params;
        KeyProof proof;
        try {
            Map<String, String> md = Tus.parseMetadata(req.getHeader("Upload-Metadata"));
            params = Tus.params(req.getHeader("Upload-Length"), md);
            proof = md.containsKey(Tus.UPLOAD_PROOF) ? KeyProof.parse(md.get(Tus.UPLOAD_PROOF)) : null;
            String routed = req.getHeader("Helper-Storage-Index");
            if (routed != null && !routed.equals(params.siBase32())) {
                throw new org.lafs.helper.upload.HelperException(400, "storage-index-mismatch",
                        "Helper-Storage-Index differs from the metadata storage-index");
            }
        } catch (RuntimeException e) {
            Http.error(req, service.events(), e);
            return;
        }
        service.open(token.get(), params, proof).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof org.lafs.helper.upload.HelperException he && he.reason().equals("upload-in-progress")) {
                    // RFC 9110 section 10.2.3: when to ask again; the other upload may take long
                    req.response().putHeader("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
                }
                Http.error(req, service.events(), ar.cause());
                return;
            }
            org.lafs.helper.upload.OpenResult r = ar.result();
            HttpServerResponse resp = req.response();
            Http.tusHeaders(resp);
            resp.putHeader("Location", base + "/uploads/" + params.siBase32());
            JsonObject body = new JsonObject().put("storage-index", params.siBase32()).put("size", params.size());
            if (r.inGrid() != null) {
                resp.putHeader("Upload-Offset", Long.toString(params.size()));
                resp.putHeader("Helper-Upload-State", "in-grid");
                body.put("state", "in-grid").put("offset", params.size()).put("result", r.inGrid().toJson());
            } else {
                Upload u = r.upload();
                long offset = u.progress().durable();
                if (r.outcome() == org.lafs.helper.upload.OpenResult.Outcome.JOINED && offset > 0) {
                    // A client coming back to bytes it sent before: Tahoe's "resumes" counter
                    // (RESUMED, a stored upload reopened by a POST, is counted by the service).
                    service.events().resumed();
                }
                resp.putHeader("Upload-Offset", Long.toString(offset));
                resp.putHeader("Upload-Expires", Tus.httpDate(u.record().lastActivityMillis() + service.config().expiry().toMillis()));
                resp.putHeader("Helper-Upload-State", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
                body.put("state", r.outcome().name().toLowerCase(java.util.Locale.ROOT)).put("offset", offset);
            }
            Http.json(resp, 201, body);
        });
    }

    void head(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        Optional<TokenPolicy> token = Http.admit(req, tokens, service.events());
        if (token.isEmpty()) {
            return;
        }
        String si = ctx.pathParam("id");
        HttpServerResponse resp = req.response();
        Http.tusHeaders(resp);
        Optional<Upload> u = service.findFor(si, token.get());
        if (u.isPresent()) {
            Upload up = u.get();
            resp.putHeader("Upload-Offset", Long.toString(up.progress().durable()))
                    .putHeader("Upload-Length", Long.toString(up.params().size()))
                    .putHeader("Upload-Expires", Tus.httpDate(up.record().lastActivityMillis() + service.config().expiry().toMillis()))
                    .putHeader("Helper-Upload-State", up.phase())
                    .setStatusCode(200)
                    .end();
            return;
        }
        service.storedResult(si).onComplete(ar -> {
            Optional<HelperResult> r = ar.succeeded() ? ar.result() : Optional.empty();
            long held = r.map(TusHandlers::heldLength).orElse(-1L);
            if (held >= 0) {
                resp.putHeader("Upload-Offset", Long.toString(held))
                        .putHeader("Upload-Length", Long.toString(held))
                        .putHeader("Helper-Upload-State", r.get().state())
                        .setStatusCode(200)
                        .end();
            } else {
                resp.setStatusCode(r.isPresent() ? 410 : 404).end();
            }
        });
    }

    /**
     * The bytes a stored result holds: the whole file when it is in the grid or was uploaded
     * here, -1 for a failed or ended upload. HEAD and PATCH answer from it alike.
     */
    static long heldLength(HelperResult r) {
        return !r.state().equals("failed") && r.ueb().get("size") instanceof Number size ? size.longValue() : -1;
    }

    void delete(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        req.pause(); // until admitted
        Optional<TokenPolicy> token = Http.admit(req, tokens, service.events());
        if (token.isEmpty()) {
            return;
        }
        Optional<Upload> u = service.findFor(ctx.pathParam("id"), token.get());
        if (u.isEmpty()) {
            Http.error(req, service.events(), 404, "no-such-upload", "no open upload with this id");
            return;
        }
        if (!u.get().creator().equals(token.get().name())) {
            Http.error(req, service.events(), 403, "not-creator", "only the token that created an upload may terminate it");
            return;
        }
        service.terminate(u.get(), "terminated").onComplete(ar -> {
            if (ar.failed()) {
                Http.error(req, service.events(), ar.cause());
                return;
            }
            Http.tusHeaders(req.response());
            req.response().setStatusCode(204).end();
        });
    }
}
