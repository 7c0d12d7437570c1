package org.lafs.helper.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.lafs.helper.auth.TokenRegistry;
import org.lafs.helper.metrics.HelperMetrics;
import org.lafs.helper.upload.HelperResult;
import org.lafs.helper.upload.Upload;
import org.lafs.helper.upload.UploadService;

/**
 * {@code /helper_status} (HTML) and {@code /helper_status?t=json}: active uploads with phase and
 * progress, recent results and the Tahoe counters; {@code /metrics}: Prometheus text. Neither
 * shows a token secret.
 *
 * <p>Storage indexes and token names appear only to an operator (a token with
 * {@code operator: true}, as Bearer or as the password of HTTP Basic): a storage index is what a
 * client needs to find a file's upload, and token names say who uploads what (docs/security.md).
 * Everyone else sees the same page without them; {@code ?login=1} asks a browser for the token.
 */
final class StatusHandler {
    private final UploadService service;
    private final HelperMetrics metrics;
    private final TokenRegistry tokens;

    StatusHandler(UploadService service, HelperMetrics metrics, TokenRegistry tokens) {
        this.service = service;
        this.metrics = metrics;
        this.tokens = tokens;
    }

    /** The status document; {@code operator} adds storage indexes and token names. */
    JsonObject document(boolean operator) {
        JsonArray active = new JsonArray();
        for (Upload u : service.activeUploads()) {
            JsonObject a = QueryHandlers.status(u);
            if (operator) {
                a.put("tokens", new JsonArray(u.tokens().stream().sorted().toList()));
            } else {
                a.remove("storage-index");
            }
            active.add(a);
        }
        JsonArray recent = new JsonArray();
        for (Map.Entry<String, HelperResult> e : service.recentResults().entrySet()) {
            JsonObject r = new JsonObject().put("state", e.getValue().state())
                    .put("pushed-shares", e.getValue().pushedShares()).put("preexisting-shares", e.getValue().preexistingShares());
            if (operator) {
                r.put("storage-index", e.getKey());
            }
            recent.add(r);
        }
        JsonObject counters = new JsonObject();
        for (String c : new String[] {"upload_requests", "upload_already_present", "upload_need_upload", "resumes", "fetched_bytes", "encoded_bytes"}) {
            counters.put("chk_upload_helper." + c, (long) metrics.counter("chk_upload_helper." + c));
        }
        return new JsonObject().put("active", active).put("recent", recent).put("counters", counters)
                .put("foolscap", foolscap()).put("spool-reserved", service.reservedSpool()).put("operator-view", operator);
    }

    /** Uploads by stock Tahoe clients over Foolscap (their identities are {@code foolscap:<TubID>}). */
    private JsonObject foolscap() {
        long uploads = service.activeUploads().stream()
                .filter(u -> u.tokens().stream().anyMatch(t -> t.startsWith(org.lafs.helper.config.FoolscapConfig.IDENTITY_PREFIX))).count();
        return new JsonObject().put("open-connections", metrics.foolscapConnections()).put("active-uploads", uploads)
                .put("fetched-bytes", (long) metrics.counter("helper.foolscap.fetched_bytes"));
    }

    void status(RoutingContext ctx) {
        boolean operator = tokens.operator(ctx.request().getHeader("Authorization")).isPresent();
        if (!operator && ctx.request().getParam("login") != null) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"lafs-helper operator\", charset=\"UTF-8\"")
                    .setStatusCode(401).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("an operator token is required (any user name, the token as password)\n");
            return;
        }
        JsonObject doc = document(operator);
        if ("json".equals(ctx.request().getParam("t"))) {
            Http.json(ctx.response(), 200, doc);
            return;
        }
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><title>Helper status</title></head><body>");
        html.append("<h1>Upload helper status</h1>");
        if (!operator) {
            html.append("<p>Storage indexes are shown to operators only (<a href=\"?login=1\">log in</a>).</p>");
        }
        html.append("<h2>Active uploads</h2><table border=1><tr><th>storage index</th><th>phase</th>")
                .append("<th>received</th><th>size</th><th>segments pushed</th></tr>");
        for (Object o : doc.getJsonArray("active")) {
            JsonObject a = (JsonObject) o;
            html.append("<tr><td>").append(esc(a.getString("storage-index", "(hidden)"))).append("</td><td>").append(esc(a.getString("state")))
                    .append("</td><td>").append(a.getLong("received")).append("</td><td>").append(a.getLong("size"))
                    .append("</td><td>").append(a.getLong("segments-pushed")).append('/').append(a.getInteger("num-segments"))
                    .append("</td></tr>");
        }
        html.append("</table><h2>Recent results</h2><ul>");
        for (Object o : doc.getJsonArray("recent")) {
            JsonObject r = (JsonObject) o;
            html.append("<li>").append(esc(r.getString("storage-index", "(hidden)"))).append(": ").append(esc(r.getString("state"))).append("</li>");
        }
        JsonObject f = doc.getJsonObject("foolscap");
        html.append("</ul><h2>Foolscap (stock Tahoe clients)</h2><ul><li>open connections: ").append(f.getLong("open-connections"))
                .append("</li><li>active uploads: ").append(f.getLong("active-uploads")).append("</li><li>ciphertext fetched: ")
                .append(f.getLong("fetched-bytes")).append("</li>");
        html.append("</ul><h2>Counters</h2><ul>");
        for (String k : doc.getJsonObject("counters").fieldNames()) {
            html.append("<li>").append(k).append(": ").append(doc.getJsonObject("counters").getValue(k)).append("</li>");
        }
        html.append("</ul></body></html>\n");
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html.toString());
    }

    void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
