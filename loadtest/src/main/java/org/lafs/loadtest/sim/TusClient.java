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
    static final int MAX_POLLS = 2000;
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
                return poll(si, pollSeconds, 0).map(result -> new UploadOutcome(si, size, state, bytes, start, created, lastByte,
                        System.nanoTime(), result.getString("state"), result));
            });
        }));
    }

    /** PATCHes of at most {@link #MAX_PATCH} bytes each, one after the other, from {@code offset}. */
    private Future<Long> patchFrom(String si, long offset, long size) {
        return patchFrom(si, offset, size, 0);
    }

    /**
     * As tus prescribes, a failed or stalled PATCH (no byte moving for {@link #IDLE_SECONDS}) is
     * followed by HEAD and a new PATCH from the helper's durable offset; at most
     * {@link #MAX_RESUMES} times per upload. Returns the bytes this client sent.
     */
    private Future<Long> patchFrom(String si, long offset, long size, int resumes) {
        if (offset >= size) {
            return Future.succeededFuture(0L);
        }
        long end = Math.min(size, offset + MAX_PATCH);
        return patch(si, offset, end)
                .compose(sent -> patchFrom(si, end, size, resumes).map(more -> sent + more),
                        err -> resumes >= MAX_RESUMES ? Future.failedFuture(err)
                                : head(si).compose(durable -> patchFrom(si, durable, size, resumes + 1)));
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

    private Future<JsonObject> poll(String si, int waitSeconds, int round) {
        if (round >= MAX_POLLS) {
            return Future.failedFuture("upload " + si + " not final after " + MAX_POLLS + " polls");
        }
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET)
                .setURI(base + "/uploads/" + si + "/result?wait=" + waitSeconds)
                .putHeader("Authorization", "Bearer " + token).setTimeout((waitSeconds + 30) * 1000L);
        return http.request(o).compose(r -> r.send()).compose(resp -> resp.body().compose(body -> {
            if (resp.statusCode() != 200) {
                return Future.failedFuture("result " + si + ": HTTP " + resp.statusCode() + " " + body);
            }
            JsonObject j = body.toJsonObject();
            if (FINAL.contains(j.getString("state"))) {
                return Future.succeededFuture(j);
            }
            return poll(si, waitSeconds, round + 1);
        }), err -> err instanceof io.vertx.core.http.HttpClosedException && round + 1 < MAX_POLLS
                // a pooled keep-alive connection the helper had closed: ask again on a new one
                ? poll(si, waitSeconds, round + 1)
                : Future.failedFuture(err));
    }

    private static String b64(Object v) {
        return Base64.getEncoder().encodeToString(String.valueOf(v).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        http.close();
    }
}
