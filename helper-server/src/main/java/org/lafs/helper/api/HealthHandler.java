package org.lafs.helper.api;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lafs.helper.upload.UploadService;

/**
 * {@code GET /healthz} and {@code GET /readyz} for process supervisors, load balancers and
 * Kubernetes probes. Both are unauthenticated and carry no upload data: only "ok" or the names of
 * the failed checks.
 *
 * <ul>
 *   <li>{@code /healthz} (liveness): 200 whenever the event loop answers. A helper that answers
 *       nothing is the only one a restart can help.
 *   <li>{@code /readyz} (readiness): 200 only when the helper takes uploads: not stopping,
 *       RocksDB open and answering a read, the spool directory a writable directory. Otherwise
 *       503 with the failed checks, so a proxy sends new uploads elsewhere while the process lives.
 * </ul>
 *
 * <p>Threading: event loop; the RocksDB read and file checks run on the service's db pool.
 */
final class HealthHandler {
    /** A key no code writes: reading it exercises RocksDB without touching upload state. */
    static final String PROBE_KEY = "health/probe";

    private final UploadService service;

    HealthHandler(UploadService service) {
        this.service = service;
    }

    void healthz(RoutingContext ctx) {
        ctx.response().putHeader("Cache-Control", "no-store").putHeader("Content-Type", "text/plain; charset=utf-8").end("ok\n");
    }

    void readyz(RoutingContext ctx) {
        HttpServerResponse resp = ctx.response();
        if (service.stopping()) {
            answer(resp, List.of("stopping"));
            return;
        }
        service.dbPool().<List<String>>executeBlocking(this::failedChecks, false).onComplete(ar -> {
            if (ar.failed()) {
                answer(resp, List.of("checks-failed"));
            } else {
                answer(resp, ar.result());
            }
        });
    }

    /** Blocking: the names of the checks that fail, empty when ready. */
    private List<String> failedChecks() {
        List<String> failed = new ArrayList<>();
        if (service.stopping()) {
            failed.add("stopping");
        }
        try {
            if (service.store().isClosed()) {
                failed.add("rocksdb-closed");
            } else {
                service.store().get(PROBE_KEY);
            }
        } catch (RuntimeException e) {
            failed.add("rocksdb-unreadable");
        }
        Path spool = service.config().spoolDir();
        try {
            Files.createDirectories(spool); // a fresh helper makes it on its first upload
        } catch (java.io.IOException | RuntimeException e) {
            // reported below
        }
        if (!Files.isDirectory(spool) || !Files.isWritable(spool)) {
            failed.add("spool-unwritable");
        }
        return failed;
    }

    private static void answer(HttpServerResponse resp, List<String> failed) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        resp.putHeader("Cache-Control", "no-store").putHeader("Content-Type", "application/json");
        JsonObject body = new JsonObject().put("ready", failed.isEmpty());
        if (!failed.isEmpty()) {
            body.put("failed", new JsonArray(failed));
        }
        resp.setStatusCode(failed.isEmpty() ? 200 : 503).end(body.encode() + "\n");
    }
}
