package org.lafs.gbs;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Set;
import org.lafs.format.Base32;

/**
 * HTTPS client for one GBS storage server (spec sections 2 and 3): immutable calls only.
 *
 * <p>Connections pooled per server and event loop ({@link ConnectionLanes}), TLS pinned to the NURL's SPKI hash
 * ({@link PinnedTrustManager}; no host-name check, no client certificate). Every call returns a
 * Future that fails with a {@link GbsException} carrying status, reason and a retryable flag.
 * Only idempotent GETs (version, list, read) are retried, up to
 * {@link GbsClientOptions#getAttempts()}, on retryable failures.
 *
 * <p>Threading: any thread may call. Requests run on an event loop, with one connection pool per
 * loop ({@link #lane(int)}): by default the caller's loop, where completions then run too;
 * callers elsewhere get them on the loop that carried the request. Close with {@link #close()}.
 */
public final class GbsClient implements AutoCloseable {
    private final Vertx vertx;
    private final Nurl nurl;
    private final GbsClientOptions options;
    private final String auth;
    /** The connection pools, one per event loop, shared by every view of this client. */
    private final ConnectionLanes lanes;
    /** The loop every call of this view goes through, or -1: the caller's loop (see {@link #lane(int)}). */
    private final int fixedLane;

    private GbsClient(Vertx vertx, Nurl nurl, GbsClientOptions options) {
        this.vertx = vertx;
        this.nurl = nurl;
        this.options = options;
        this.auth = nurl.authorizationHeader();
        this.fixedLane = -1;
        HttpClientOptions o = new HttpClientOptions()
                .setSsl(true)
                .setSslEngineOptions(org.lafs.net.TlsEngine.options())
                .setTrustOptions(new org.lafs.net.TrustManagerOptions(() -> new PinnedTrustManager(nurl.spkiHash())))
                .setVerifyHost(false)
                .setForceSni(false)
                .setDefaultHost(nurl.connectHost())
                .setDefaultPort(nurl.port())
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.connectTimeoutMs()))
                .setKeepAlive(true)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
        this.lanes = new ConnectionLanes(vertx, o, new PoolOptions().setHttp1MaxSize(options.maxConnections()));
    }

    private GbsClient(GbsClient of, int lane) {
        this.vertx = of.vertx;
        this.nurl = of.nurl;
        this.options = of.options;
        this.auth = of.auth;
        this.lanes = of.lanes;
        this.fixedLane = lane;
    }

    /** A client for the server at {@code nurl}. Tor NURLs are not supported. */
    public static GbsClient create(Vertx vertx, Nurl nurl, GbsClientOptions options) {
        if (nurl.tor()) {
            throw new IllegalArgumentException("pb+tor NURLs need a Tor connector, which this client does not have");
        }
        return new GbsClient(vertx, nurl, options);
    }

    public static GbsClient create(Vertx vertx, Nurl nurl) {
        return create(vertx, nurl, GbsClientOptions.defaults());
    }

    public Nurl nurl() {
        return nurl;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The number of lanes: the Vert.x instance's event loops. */
    public int lanes() {
        return lanes.size();
    }

    /**
     * This client with every call going through event loop {@code lane} (modulo {@link #lanes()}):
     * its own connections, TLS and HTTP work on that loop's thread, whatever thread calls; the
     * Futures complete on that thread. The unbound client uses the caller's loop (no thread hop),
     * or takes the loops in turn for callers on other threads. Closing any view closes them all.
     */
    public GbsClient lane(int lane) {
        return new GbsClient(this, Math.floorMod(lane, lanes()));
    }

    // ---------------------------------------------------------------- calls

    /** {@code GET /storage/v1/version} (retried). */
    public Future<VersionInfo> version() {
        return withRetries(() -> call(HttpMethod.GET, GbsProtocol.versionPath(), null, null, true)
                .map(r -> r.expect(200, () -> GbsCbor.decodeVersion(r.body().getBytes()))));
    }

    /**
     * {@code POST /storage/v1/immutable/:si}. A requested share in neither result set is being
     * uploaded already (spec section 3.2).
     */
    public Future<AllocateResult> allocate(byte[] si, byte[] renewSecret, byte[] cancelSecret, byte[] uploadSecret,
                                           Set<Integer> shareNumbers, long allocatedSize) {
        MultiMap h = headers();
        h.add(GbsProtocol.SECRET_HEADER, SecretKind.LEASE_RENEW.headerValue(renewSecret));
        h.add(GbsProtocol.SECRET_HEADER, SecretKind.LEASE_CANCEL.headerValue(cancelSecret));
        h.add(GbsProtocol.SECRET_HEADER, SecretKind.UPLOAD.headerValue(uploadSecret));
        h.set(HttpHeaders.CONTENT_TYPE, GbsProtocol.CBOR);
        Buffer body = Buffer.buffer(GbsCbor.encodeAllocateRequest(new AllocateRequest(shareNumbers, allocatedSize)));
        return call(HttpMethod.POST, GbsProtocol.immutablePath(si(si)), h, body, true)
                .map(r -> r.expect(200, () -> GbsCbor.decodeAllocateResult(r.body().getBytes())));
    }

    /**
     * {@code PATCH /storage/v1/immutable/:si/:shnum} with {@code Content-Range: bytes
     * offset-(offset+len-1)/*}. Status 200 gives {@code complete=false}, 201 {@code complete=true};
     * 409 (conflict), 401 (wrong upload secret), 404 (no upload in progress, possibly already
     * complete) and others fail with {@link GbsException}. Never retried.
     */
    public Future<WriteResult> write(byte[] si, int shnum, byte[] uploadSecret, long offset, Buffer data) {
        if (data.length() == 0) {
            throw new IllegalArgumentException("a write needs at least one byte (Content-Range cannot express an empty range)");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        MultiMap h = headers();
        h.add(GbsProtocol.SECRET_HEADER, SecretKind.UPLOAD.headerValue(uploadSecret));
        h.set(HttpHeaders.CONTENT_RANGE, "bytes " + offset + "-" + (offset + data.length() - 1) + "/*");
        h.set(HttpHeaders.CONTENT_TYPE, GbsProtocol.OCTET_STREAM);
        return call(HttpMethod.PATCH, GbsProtocol.sharePath(si(si), shnum), h, data, true).map(r -> {
            if (r.status() != 200 && r.status() != 201) {
                throw r.failure();
            }
            return new WriteResult(r.status() == 201, r.decode(() -> GbsCbor.decodeRequired(r.body().getBytes())));
        });
    }

    /** {@code PUT .../:si/:shnum/abort}: 200 succeeds; 401, 404, 405 fail. */
    public Future<Void> abort(byte[] si, int shnum, byte[] uploadSecret) {
        MultiMap h = headers();
        h.add(GbsProtocol.SECRET_HEADER, SecretKind.UPLOAD.headerValue(uploadSecret));
        return call(HttpMethod.PUT, GbsProtocol.abortPath(si(si), shnum), h, null, false)
                .map(r -> r.expect(200, () -> null));
    }

    /** {@code GET .../:si/shares}: complete shares only (retried). */
    public Future<Set<Integer>> listShares(byte[] si) {
        return withRetries(() -> call(HttpMethod.GET, GbsProtocol.sharesPath(si(si)), null, null, true)
                .map(r -> r.expect(200, () -> GbsCbor.decodeShareSet(r.body().getBytes()))));
    }

    /**
     * {@code GET .../:si/:shnum} with {@code Range: bytes=offset-(offset+length-1)} (retried).
     * The result is shorter than {@code length} when the share ends first, and empty (204) when
     * {@code offset} is at or past its end. 404: unknown or incomplete share.
     */
    public Future<Buffer> read(byte[] si, int shnum, long offset, int length) {
        if (offset < 0 || length < 1) {
            throw new IllegalArgumentException("read needs offset >= 0 and length >= 1");
        }
        String path = GbsProtocol.sharePath(si(si), shnum);
        return withRetries(() -> {
            MultiMap h = headers();
            h.remove(HttpHeaders.ACCEPT);
            h.set("Range", "bytes=" + offset + "-" + (offset + length - 1));
            return call(HttpMethod.GET, path, h, null, false, length).map(r -> {
                if (r.status() == 204) {
                    return Buffer.buffer();
                }
                if (r.status() != 206 && r.status() != 200) {
                    throw r.failure();
                }
                if (r.body().length() > length) {
                    throw new GbsException(r.status(), "read returned more bytes than requested", false, null);
                }
                return r.body();
            });
        });
    }

    /** {@code PUT /storage/v1/lease/:si}: 204 succeeds; 404 means no shares here. */
    public Future<Void> addLease(byte[] si, byte[] renewSecret, byte[] cancelSecret) {
        MultiMap h = headers();
        h.add(GbsProtocol.SECRET_HEADER, SecretKind.LEASE_RENEW.headerValue(renewSecret));
        h.add(GbsProtocol.SECRET_HEADER, SecretKind.LEASE_CANCEL.headerValue(cancelSecret));
        return call(HttpMethod.PUT, GbsProtocol.leasePath(si(si)), h, null, false)
                .map(r -> r.expect(204, () -> null));
    }

    /** {@code POST .../:si/:shnum/corrupt}: 200 succeeds; 404 (unknown share) fails. */
    public Future<Void> adviseCorrupt(byte[] si, int shnum, String reason) {
        MultiMap h = headers();
        h.set(HttpHeaders.CONTENT_TYPE, GbsProtocol.CBOR);
        Buffer body = Buffer.buffer(GbsCbor.encodeCorruptRequest(reason));
        return call(HttpMethod.POST, GbsProtocol.corruptPath(si(si), shnum), h, body, false)
                .map(r -> r.expect(200, () -> null));
    }

    /** A window-limited writer for one share on this server (see {@link ShareWriter}). */
    public ShareWriter shareWriter(byte[] si, int shnum, byte[] uploadSecret, int window, int maxRequestBytes) {
        return new ShareWriter(this, si, shnum, uploadSecret, window, maxRequestBytes);
    }

    @Override
    public void close() {
        closeAsync();
    }

    /** Closes the pooled connections of every lane; the Future completes when they are closed. */
    public Future<Void> closeAsync() {
        return lanes.closeAll();
    }

    @Override
    public String toString() {
        return "GbsClient[" + nurl + "]";
    }

    // ---------------------------------------------------------------- plumbing

    private MultiMap headers() {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        h.set(HttpHeaders.AUTHORIZATION, auth);
        h.set(HttpHeaders.ACCEPT, GbsProtocol.CBOR);
        return h;
    }

    private static String si(byte[] si) {
        if (si.length != GbsProtocol.SI_BYTES) {
            throw new IllegalArgumentException("storage index must be 16 bytes, got " + si.length);
        }
        return Base32.encode(si);
    }

    private Future<GbsReply> call(HttpMethod method, String path, MultiMap headers, Buffer body, boolean cbor) {
        return call(method, path, headers, body, cbor, options.maxCborResponse());
    }

    private Future<GbsReply> call(HttpMethod method, String path, MultiMap headers, Buffer body, boolean cbor, long limit) {
        RequestOptions ro = new RequestOptions()
                .setMethod(method)
                .setURI(path)
                .setHeaders(headers == null ? headers() : headers)
                .setIdleTimeout(options.responseTimeoutMs());
        long bodyLimit = cbor ? options.maxCborResponse() : Math.max(limit, 4096);
        int lane = lanes.pick(fixedLane);
        // the whole chain on the lane's loop: GbsReply.collect must run in the turn that
        // completes send() (ConnectionLanes.onLane says why)
        return lanes.onLane(lane, http -> http.request(ro)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(resp -> GbsReply.collect(resp, bodyLimit))
                .recover(t -> Future.failedFuture(GbsReply.translate(t))));
    }

    private <T> Future<T> withRetries(java.util.function.Supplier<Future<T>> attempt) {
        return retry(attempt, 1, options.retryDelayMs());
    }

    private <T> Future<T> retry(java.util.function.Supplier<Future<T>> attempt, int n, long delay) {
        return attempt.get().recover(t -> {
            if (n >= options.getAttempts() || !(t instanceof GbsException g) || !g.retryable()) {
                return Future.failedFuture(t);
            }
            Promise<T> p = Promise.promise();
            vertx.setTimer(Math.max(1, delay), id -> retry(attempt, n + 1, delay * 2).onComplete(p));
            return p.future();
        });
    }

}
