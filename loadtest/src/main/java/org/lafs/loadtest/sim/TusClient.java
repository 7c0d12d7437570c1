package org.lafs.loadtest.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * A simulated helper client: creates a tus upload for a storage index (docs/helper-protocol.md),
 * sends {@code size} bytes of stand-in ciphertext in PATCHes of up to 64 MiB with back-pressure, then
 * long-polls the result. Throttling is not done here but by the {@link
 * org.lafs.loadtest.net.DelayProxy} the client connects through, so it shapes TLS bytes on the
 * wire exactly as it does for a direct uploader.
 *
 * <p>Trust: the helper's self-signed certificate is accepted without pinning (loopback test
 * only). Bounded: at most {@link #MAX_POLLS} result polls of {@code pollSeconds}.
 */
public final class TusClient implements AutoCloseable {
    static final int CHUNK = 64 * 1024;
    /** Result polls per upload: one per pushed segment at most, so 8,192 for 1 GiB at 128 KiB, and headroom. */
    static final int MAX_POLLS = 100_000;
    /**
     * Largest PATCH body. One request per 64 MiB keeps Vert.x's per-request chain of write
     * futures short (a single 1 GB PATCH overflowed the stack when they completed).
     */
    static final long MAX_PATCH = 64L << 20;
    /** A request with no bytes moving this long is given up (a Vert.x 5.0.7 client stall, see docs/storage-server.md). */
    static final int IDLE_SECONDS = 60;
    static final int MAX_RESUMES = 3;
    private static final Set<String> FINAL = Set.of("done", "in-grid", "failed");

    private final Vertx vertx;
    private final HttpClientAgent http;
    private final String base;
    private final String token;

    /**
     * @param host,port where to connect (the helper, or a proxy in front of it)
     * @param basePath {@code /helper/v1}
     */
    public TusClient(Vertx vertx, String host, int port, String basePath, String token) {
        this.vertx = vertx;
        this.http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
                .setSslEngineOptions(org.lafs.net.TlsEngine.options())
                .setDefaultHost(host).setDefaultPort(port).setTcpNoDelay(true).setIdleTimeout(300),
                new PoolOptions().setHttp1MaxSize(2));
        this.base = basePath;
        this.token = token;
    }

    /** Uploads one file; completes when the helper reports a final state. */
    public Future<UploadOutcome> upload(String si, long size, int k, int happy, int n, long segmentSize, int pollSeconds) {
        long start = System.nanoTime();
        String meta = String.join(",", "storage-index " + b64(si), "k " + b64(k), "happy " + b64(happy),
                "n " + b64(n), "segment-size " + b64(segmentSize));
        RequestOptions create = new RequestOptions().setMethod(HttpMethod.POST).setURI(base + "/uploads")
                .putHeader("Authorization", "Bearer " + token).putHeader("Tus-Resumable", "1.0.0")
                .putHeader("Upload-Length", Long.toString(size)).putHeader("Upload-Metadata", meta)
                .putHeader("Helper-Storage-Index", si);
        return http.request(create).compose(r -> r.send()).compose(resp -> resp.body().compose(body -> {
            if (resp.statusCode() != 201) {
                return Future.failedFuture("create " + si + ": HTTP " + resp.statusCode() + " " + body);
            }
            long created = System.nanoTime();
            String state = resp.getHeader("Helper-Upload-State");
            long offset = Long.parseLong(resp.getHeader("Upload-Offset"));
            Future<Long> sent = patchFrom(si, offset, size);
            return sent.compose(bytes -> {
                long lastByte = System.nanoTime();
                return poll(si, pollSeconds).map(result -> new UploadOutcome(si, size, state, bytes, start, created, lastByte,
                        System.nanoTime(), result.getString("state"), result));
            });
        }));
    }

    /**
     * PATCHes of at most {@link #MAX_PATCH} bytes each, one after the other, from {@code offset}.
     * As tus prescribes, a failed or stalled PATCH (no byte moving for {@link #IDLE_SECONDS}) is
     * followed by HEAD and a new PATCH from the helper's durable offset; at most
     * {@link #MAX_RESUMES} times per upload. Returns the bytes this client sent.
     *
     * <p>A loop over one promise, not a chain of nested {@code compose}s: nested futures complete
     * one stack frame group per round when the last one completes (see {@link #poll}).
     */
    private Future<Long> patchFrom(String si, long offset, long size) {
        Promise<Long> done = Promise.promise();
        patchLoop(si, offset, size, 0, 0, done);
        return done.future();
    }

    private void patchLoop(String si, long offset, long size, int resumes, long sent, Promise<Long> done) {
        if (offset >= size) {
            done.complete(sent);
            return;
        }
        long end = Math.min(size, offset + MAX_PATCH);
        patch(si, offset, end).onComplete(ar -> {
            if (ar.succeeded()) {
                patchLoop(si, end, size, resumes, sent + ar.result(), done);
            } else if (resumes >= MAX_RESUMES) {
                done.fail(ar.cause());
            } else {
                head(si).onComplete(h -> {
                    if (h.failed()) {
                        done.fail(h.cause());
                    } else {
                        patchLoop(si, h.result(), size, resumes + 1, sent, done);
                    }
                });
            }
        });
    }

    private Future<Long> head(String si) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.HEAD).setURI(base + "/uploads/" + si)
                .putHeader("Authorization", "Bearer " + token).putHeader("Tus-Resumable", "1.0.0")
                .setIdleTimeout(IDLE_SECONDS * 1000L);
        return http.request(o).compose(r -> r.send()).compose(resp -> resp.statusCode() == 200
                ? Future.succeededFuture(Long.parseLong(resp.getHeader("Upload-Offset")))
                : Future.failedFuture("HEAD " + si + ": HTTP " + resp.statusCode()));
    }

    /** One PATCH of {@code [offset, size)} (here {@code size} is the end of this request's body). */
    private Future<Long> patch(String si, long offset, long size) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.PATCH).setURI(base + "/uploads/" + si)
                .putHeader("Authorization", "Bearer " + token).putHeader("Tus-Resumable", "1.0.0")
                .putHeader("Content-Type", "application/offset+octet-stream")
                .putHeader("Upload-Offset", Long.toString(offset)).putHeader("Content-Length", Long.toString(size - offset))
                .setIdleTimeout(IDLE_SECONDS * 1000L);
        return http.request(o).compose(req -> {
            Promise<Void> written = Promise.promise();
            pump(req, offset, size, written);
            return written.future().compose(v -> req.response());
        }).compose(resp -> resp.body().compose(body -> resp.statusCode() == 204
                ? Future.succeededFuture(size - offset)
                : Future.failedFuture("PATCH " + si + ": HTTP " + resp.statusCode() + " " + body)));
    }

    /** Writes until the request's queue is full, then continues on drain; ends at {@code size}. */
    private void pump(HttpClientRequest req, long offset, long size, Promise<Void> done) {
        long pos = offset;
        while (pos < size && !req.writeQueueFull()) {
            int len = (int) Math.min(CHUNK, size - pos);
            req.write(Ciphertext.slice(pos, len));
            pos += len;
        }
        if (pos >= size) {
            req.end().onComplete(done);
            return;
        }
        long next = pos;
        // the drain handler may run inside write(); hop through the context so that a long
        // upload does not nest one stack frame per drain (a 1 GB PATCH overflowed the stack)
        req.drainHandler(v -> vertx.runOnContext(x -> pump(req, next, size, done)));
    }

    /**
     * Long-polls {@code GET .../result} until the helper reports a final state. The helper answers
     * a long-poll at every progress change (each pushed segment), so a 1 GiB upload whose push
     * trails its ingest takes thousands of rounds. They run as a loop that completes one promise:
     * the earlier form, {@code poll(round + 1)} nested in the previous round's {@code compose},
     * completed thousands of nested futures recursively when the final answer came, overflowed the
     * event loop's stack (seen as "Could not initialize class java.lang.StringBuffer" from
     * Vert.x's ConnectionBase) and the upload never completed. Bounded by {@link #MAX_POLLS}.
     */
    private Future<JsonObject> poll(String si, int waitSeconds) {
        Promise<JsonObject> done = Promise.promise();
        pollLoop(si, waitSeconds, 0, done);
        return done.future();
    }

    private void pollLoop(String si, int waitSeconds, int round, Promise<JsonObject> done) {
        if (round >= MAX_POLLS) {
            done.fail("upload " + si + " not final after " + MAX_POLLS + " polls");
            return;
        }
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET)
                .setURI(base + "/uploads/" + si + "/result?wait=" + waitSeconds)
                .putHeader("Authorization", "Bearer " + token).setTimeout((waitSeconds + 30) * 1000L);
        http.request(o).compose(r -> r.send()).compose(resp -> resp.body().map(body -> {
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("result " + si + ": HTTP " + resp.statusCode() + " " + body);
            }
            return body.toJsonObject();
        })).onComplete(ar -> {
            if (ar.succeeded()) {
                JsonObject j = ar.result();
                if (FINAL.contains(j.getString("state"))) {
                    done.complete(j.put("client-poll-rounds", round + 1));
                } else {
                    pollLoop(si, waitSeconds, round + 1, done);
                }
            } else if (ar.cause() instanceof io.vertx.core.http.HttpClosedException) {
                // a pooled keep-alive connection the helper had closed: ask again on a new one
                pollLoop(si, waitSeconds, round + 1, done);
            } else {
                done.fail(ar.cause());
            }
        });
    }

    private static String b64(Object v) {
        return Base64.getEncoder().encodeToString(String.valueOf(v).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        http.close();
    }
}
