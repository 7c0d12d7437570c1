package org.lafs.helper.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.lafs.BuildInfo;
import org.lafs.format.ByteSize;
import org.lafs.format.Durations;
import org.lafs.helper.auth.TokenRegistry;
import org.lafs.helper.metrics.HelperMetrics;
import org.lafs.helper.upload.HelperResult;
import org.lafs.helper.upload.Upload;
import org.lafs.helper.upload.UploadService;

/**
 * {@code /helper_status} (HTML an operator can leave open: it reloads itself every
 * {@link #REFRESH_SECONDS}) and {@code /helper_status?t=json}: version and uptime, spool use,
 * storage-server health, active uploads with progress and rate, recent results with times, error
 * counts and the Tahoe counters; {@code /metrics}: Prometheus text. Neither shows a token
 * secret.
 *
 * <p>Storage indexes and token names appear only to an operator (a token with
 * {@code operator: true}, as Bearer or as the password of HTTP Basic): a storage index is what a
 * client needs to find a file's upload, and token names say who uploads what (docs/security.md).
 * Everyone else sees the same page without them; {@code ?login=1} asks a browser for the token.
 *
 * <p>Threading: event loop; the spool's free-space look-up runs on the db pool.
 */
final class StatusHandler {
    /** Page reload period: often enough to watch an upload move, rare enough to cost nothing. */
    static final int REFRESH_SECONDS = 5;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final UploadService service;
    private final HelperMetrics metrics;
    private final TokenRegistry tokens;

    StatusHandler(UploadService service, HelperMetrics metrics, TokenRegistry tokens) {
        this.service = service;
        this.metrics = metrics;
        this.tokens = tokens;
    }

    /**
     * The status document; {@code operator} adds storage indexes and token names. The spool's
     * free disk space is a blocking look-up.
     */
    Future<JsonObject> document(boolean operator) {
        return service.dbPool().executeBlocking(() -> {
            try {
                Files.createDirectories(service.config().spoolDir());
                return Files.getFileStore(service.config().spoolDir()).getUsableSpace();
            } catch (java.io.IOException e) {
                return -1L;
            }
        }, false).map(free -> document(operator, free));
    }

    private JsonObject document(boolean operator, long diskFree) {
        long now = System.currentTimeMillis();
        JsonArray active = new JsonArray();
        for (Upload u : service.activeUploads()) {
            long ageMs = u.ageNanos() / 1_000_000;
            JsonObject a = QueryHandlers.status(u).put("age-ms", ageMs)
                    .put("bytes-per-second", ageMs <= 0 ? 0 : u.receivedThisSession() * 1000 / ageMs);
            if (operator) {
                a.put("tokens", new JsonArray(u.tokens().stream().sorted().toList()));
            } else {
                a.remove("storage-index");
            }
            active.add(a);
        }
        JsonArray recent = new JsonArray();
        for (Map.Entry<String, HelperResult> e : service.recentResults().entrySet()) {
            HelperResult r = e.getValue();
            JsonObject o = new JsonObject().put("state", r.state())
                    .put("at", service.recentAt(e.getKey()))
                    .put("pushed-shares", r.pushedShares()).put("preexisting-shares", r.preexistingShares())
                    .put("ciphertext-fetched", r.ciphertextFetched());
            if (r.ueb().get("size") instanceof Number size) {
                o.put("size", size.longValue());
            }
            if (r.timingsMillis().get("total") != null) {
                o.put("duration-ms", r.timingsMillis().get("total"));
            }
            if (r.reason() != null) {
                o.put("reason", r.reason());
            }
            if (operator) {
                o.put("storage-index", e.getKey());
            }
            recent.add(o);
        }
        JsonObject counters = new JsonObject();
        for (String c : new String[] {"upload_requests", "upload_already_present", "upload_need_upload", "resumes", "fetched_bytes", "encoded_bytes"}) {
            counters.put("chk_upload_helper." + c, (long) metrics.counter("chk_upload_helper." + c));
        }
        long started = ManagementFactory.getRuntimeMXBean().getStartTime();
        JsonObject spool = new JsonObject().put("reserved", service.reservedSpool()).put("quota", service.config().spoolQuotaBytes())
                .put("disk-free", diskFree);
        JsonObject errors = new JsonObject().put("rejected", new JsonObject(new java.util.LinkedHashMap<>(metrics.rejectedByReason())))
                .put("uploads-failed", metrics.uploadsByOutcome().getOrDefault("failed", 0L));
        return new JsonObject().put("version", BuildInfo.version()).put("built", BuildInfo.built())
                .put("now", now).put("started-at", started).put("uptime-ms", now - started)
                .put("active", active).put("recent", recent).put("counters", counters)
                .put("uploads-ended", new JsonObject(new java.util.LinkedHashMap<>(metrics.uploadsByOutcome())))
                .put("errors", errors).put("spool", spool).put("spool-reserved", service.reservedSpool())
                .put("storage-servers", metrics.gridHealth() == null ? new JsonArray() : metrics.gridHealth().snapshot())
                .put("foolscap", foolscap()).put("operator-view", operator);
    }

    /** Uploads by stock Tahoe nodes over Foolscap (their identities are {@code foolscap:<TubID>}). */
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
        document(operator).onComplete(ar -> {
            if (ar.failed()) {
                Http.error(ctx.request(), service.events(), ar.cause());
                return;
            }
            JsonObject doc = ar.result();
            if ("json".equals(ctx.request().getParam("t"))) {
                Http.json(ctx.response(), 200, doc);
                return;
            }
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store").end(html(doc));
        });
    }

    static String html(JsonObject doc) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<link rel=\"icon\" href=\"data:,\">") // no favicon request to count as a 404
                .append("<title>Upload helper status</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}")
                .append("h1{font-size:1.4em;margin-bottom:.2em}h2{font-size:1.1em;margin-top:1.4em}")
                .append(".meta{color:#666;font-size:.9em}.cards{display:flex;flex-wrap:wrap;gap:.8em;margin-top:1em}")
                .append(".card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:10em}")
                .append(".card b{display:block;font-size:1.3em}table{border-collapse:collapse;background:#fff;min-width:40em}")
                .append("th,td{border:1px solid #ddd;padding:.3em .6em;text-align:left}th{background:#f0f0f0}td.n{text-align:right}")
                .append(".up{color:#176f2c}.down{color:#b00020;font-weight:bold}.unknown{color:#888}.failed{color:#b00020}")
                .append("progress{width:8em}</style></head><body>");
        long now = doc.getLong("now");
        h.append("<h1>Upload helper status</h1><div class=\"meta\">lafs-helper ").append(esc(doc.getString("version")))
                .append(" &middot; built ").append(esc(doc.getString("built")))
                .append(" &middot; up <span id=\"uptime\">").append(Durations.human(doc.getLong("uptime-ms"))).append("</span>")
                .append(" (since ").append(TIME.format(Instant.ofEpochMilli(doc.getLong("started-at")))).append(")")
                .append(" &middot; updated ").append(TIME.format(Instant.ofEpochMilli(now)))
                .append(" &middot; reloads every ").append(REFRESH_SECONDS).append(" s</div>");
        if (!doc.getBoolean("operator-view", false)) {
            h.append("<p class=\"meta\">Storage indexes are shown to operators only (<a href=\"?login=1\">log in</a>).</p>");
        }

        JsonObject spool = doc.getJsonObject("spool");
        JsonArray servers = doc.getJsonArray("storage-servers");
        long up = servers.stream().filter(o -> "up".equals(((JsonObject) o).getString("state"))).count();
        JsonObject counters = doc.getJsonObject("counters");
        JsonObject errors = doc.getJsonObject("errors");
        long rejected = errors.getJsonObject("rejected").stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
        h.append("<div class=\"cards\">");
        card(h, "active uploads", Integer.toString(doc.getJsonArray("active").size()));
        card(h, "spool in use", ByteSize.format(spool.getLong("reserved")) + " of " + ByteSize.format(spool.getLong("quota")));
        card(h, "disk free (spool)", spool.getLong("disk-free") < 0 ? "unknown" : ByteSize.format(spool.getLong("disk-free")));
        card(h, "storage servers up", servers.isEmpty() ? "no grid" : up + " of " + servers.size());
        card(h, "received", ByteSize.format(counters.getLong("chk_upload_helper.fetched_bytes")));
        card(h, "encoded", ByteSize.format(counters.getLong("chk_upload_helper.encoded_bytes")));
        card(h, "uploads failed", Long.toString(errors.getLong("uploads-failed")));
        card(h, "requests rejected", Long.toString(rejected));
        card(h, "resumes", Long.toString(counters.getLong("chk_upload_helper.resumes")));
        h.append("</div>");

        h.append("<h2>Active uploads</h2>");
        JsonArray active = doc.getJsonArray("active");
        if (active.isEmpty()) {
            h.append("<p>none</p>");
        } else {
            h.append("<table><tr><th>storage index</th><th>phase</th><th>received</th><th>size</th><th>rate</th><th>running for</th>")
                    .append("<th>segments pushed</th></tr>");
            for (Object o : active) {
                JsonObject a = (JsonObject) o;
                long size = a.getLong("size");
                long received = a.getLong("received");
                h.append("<tr><td><code>").append(esc(a.getString("storage-index", "(hidden)"))).append("</code></td><td>").append(esc(a.getString("state")))
                        .append("</td><td><progress max=\"").append(Math.max(1, size)).append("\" value=\"").append(received).append("\"></progress> ")
                        .append(size == 0 ? 100 : received * 100 / size).append("% (").append(ByteSize.format(received)).append(")</td><td class=\"n\">")
                        .append(ByteSize.format(size)).append("</td><td class=\"n\">").append(ByteSize.format(a.getLong("bytes-per-second"))).append("/s</td><td class=\"n\">")
                        .append(Durations.human(a.getLong("age-ms"))).append("</td><td class=\"n\">").append(a.getLong("segments-pushed"))
                        .append(" / ").append(a.getInteger("num-segments")).append("</td></tr>");
            }
            h.append("</table>");
        }

        h.append("<h2>Recent results</h2>");
        JsonArray recent = doc.getJsonArray("recent");
        if (recent.isEmpty()) {
            h.append("<p>none yet</p>");
        } else {
            h.append("<table><tr><th>finished</th><th>storage index</th><th>result</th><th>size</th><th>took</th><th>received</th>")
                    .append("<th>shares pushed / already there</th></tr>");
            for (int i = recent.size() - 1; i >= 0; i--) { // newest first
                JsonObject r = recent.getJsonObject(i);
                String state = r.getString("state");
                long at = r.getLong("at", 0L);
                h.append("<tr><td>").append(at == 0 ? "-" : TIME.format(Instant.ofEpochMilli(at)) + " (" + Durations.human(now - at) + " ago)")
                        .append("</td><td><code>").append(esc(r.getString("storage-index", "(hidden)"))).append("</code></td><td class=\"")
                        .append(state.equals("failed") ? "failed" : "").append("\">").append(esc(state))
                        .append(r.getString("reason") == null ? "" : ": " + esc(r.getString("reason"))).append("</td><td class=\"n\">")
                        .append(r.getLong("size") == null ? "-" : ByteSize.format(r.getLong("size"))).append("</td><td class=\"n\">")
                        .append(r.getLong("duration-ms") == null ? "-" : Durations.human(r.getLong("duration-ms"))).append("</td><td class=\"n\">")
                        .append(ByteSize.format(r.getLong("ciphertext-fetched"))).append("</td><td class=\"n\">")
                        .append(r.getInteger("pushed-shares")).append(" / ").append(r.getInteger("preexisting-shares")).append("</td></tr>");
            }
            h.append("</table>");
        }

        h.append("<h2>Storage servers</h2>");
        if (servers.isEmpty()) {
            h.append("<p>no grid configured</p>");
        } else {
            h.append("<table><tr><th>server</th><th>state</th><th>last answer</th><th>latency</th><th>last error</th></tr>");
            for (Object o : servers) {
                JsonObject s = (JsonObject) o;
                long ok = s.getLong("last-ok");
                h.append("<tr><td>").append(esc(s.getString("nickname"))).append(" <code>").append(esc(s.getString("server-id").substring(0, Math.min(12, s.getString("server-id").length()))))
                        .append("</code></td><td class=\"").append(esc(s.getString("state"))).append("\">").append(esc(s.getString("state")))
                        .append("</td><td>").append(ok == 0 ? "never" : Durations.human(now - ok) + " ago").append("</td><td class=\"n\">")
                        .append(s.getLong("latency-ms")).append(" ms</td><td>").append(esc(s.getString("error", ""))).append("</td></tr>");
            }
            h.append("</table>");
        }

        h.append("<h2>Errors</h2>");
        JsonObject rej = errors.getJsonObject("rejected");
        if (rej.isEmpty()) {
            h.append("<p>no rejected requests</p>");
        } else {
            h.append("<table><tr><th>rejected because</th><th>count</th></tr>");
            for (String k : rej.fieldNames()) {
                h.append("<tr><td>").append(esc(k)).append("</td><td class=\"n\">").append(rej.getValue(k)).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<h2>Counters</h2><table><tr><th>counter</th><th>value</th></tr>");
        for (String k : counters.fieldNames()) {
            long v = counters.getLong(k);
            h.append("<tr><td>").append(k).append("</td><td class=\"n\">").append(k.endsWith("bytes") ? ByteSize.format(v) : Long.toString(v))
                    .append("</td></tr>");
        }
        JsonObject ended = doc.getJsonObject("uploads-ended");
        for (String k : ended.fieldNames()) {
            h.append("<tr><td>uploads ended: ").append(esc(k)).append("</td><td class=\"n\">").append(ended.getValue(k)).append("</td></tr>");
        }
        JsonObject f = doc.getJsonObject("foolscap");
        h.append("</table><h2>Foolscap (stock Tahoe nodes)</h2><table><tr><th>what</th><th>value</th></tr>")
                .append("<tr><td>open connections</td><td class=\"n\">").append(f.getLong("open-connections")).append("</td></tr>")
                .append("<tr><td>active uploads</td><td class=\"n\">").append(f.getLong("active-uploads")).append("</td></tr>")
                .append("<tr><td>ciphertext fetched</td><td class=\"n\">").append(ByteSize.format(f.getLong("fetched-bytes")))
                .append("</td></tr>");
        h.append("</table><p class=\"meta\">JSON: <a href=\"?t=json\">?t=json</a> &middot; Prometheus: <a href=\"/metrics\">/metrics</a>")
                .append(" &middot; <a href=\"/readyz\">/readyz</a></p></body></html>\n");
        return h.toString();
    }

    private static void card(StringBuilder h, String label, String value) {
        h.append("<div class=\"card\">").append(esc(label)).append("<b>").append(esc(value)).append("</b></div>");
    }

    void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
