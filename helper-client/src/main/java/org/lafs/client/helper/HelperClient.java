package org.lafs.client.helper;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.lafs.client.HelperEndpoint;
import org.lafs.format.Base32;

/**
 * Blocking client of the helper's HTTPS API (docs/helper-protocol.md): tus 1.0 creation, HEAD,
 * PATCH, termination, and the JSON result/version calls. Uses the JDK {@link HttpClient} with
 * the helper's SPKI pin ({@link PinnedTls}) or web PKI when no pin is configured.
 *
 * <p>Threading: thread-safe; every method blocks the calling thread (never call it on a Vert.x
 * event loop). Responses are bounded to {@link #MAX_RESPONSE} bytes. The token is sent only in
 * the {@code Authorization} header and never appears in exceptions.
 */
public final class HelperClient implements AutoCloseable {
    /** Largest JSON response read; results are a few KB (share map of at most 256 entries). */
    public static final int MAX_RESPONSE = 1 << 20;
    /** Connect timeout; Tahoe's HTTP storage client uses 60 s for headers, connecting is quicker. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** Timeout of the small JSON calls (not PATCH, whose duration depends on the body). */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long a PATCH may go without the helper taking a byte of its body (or, once the body is
     * sent, without an answer) before it counts as stalled: then it fails as a timeout and the
     * upload asks where to continue. As long as a JSON call may take.
     */
    static final Duration PATCH_IDLE = CALL_TIMEOUT;
    static final String TUS = "1.0.0";
    /** How often a running PATCH looks at its body's idle time. */
    private static final Duration WATCH_TICK = Duration.ofMillis(500);

    private final HelperEndpoint endpoint;
    private final HttpClient http;
    private final String auth;
    private final Duration patchIdle;

    public HelperClient(HelperEndpoint endpoint) {
        this(endpoint, PATCH_IDLE);
    }

    /** With another stall limit for PATCH (tests). */
    HelperClient(HelperEndpoint endpoint, Duration patchIdle) {
        this.endpoint = endpoint;
        this.patchIdle = patchIdle;
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (endpoint.spkiSha256() != null && endpoint.url().getScheme().equals("https")) {
            b.sslContext(PinnedTls.context(endpoint.spkiSha256()));
        }
        this.http = b.build();
        this.auth = "Bearer " + endpoint.token();
    }

    public HelperEndpoint endpoint() {
        return endpoint;
    }

    /** The answer to a creation. */
    public record Created(String state, long offset, JsonObject result) {}

    /** The answer to a HEAD. */
    public record Head(String state, long offset, long length) {}

    /** {@code GET /version}. */
    public JsonObject version() throws IOException {
        return json(send(request("/version").GET().timeout(CALL_TIMEOUT).build(), 200));
    }

    /**
     * {@code POST /uploads}: creates, joins or resumes the upload of {@code storageIndex}, or
     * learns that the file is already in the grid ({@code state = in-grid}). Also sends the SI as
     * {@code Helper-Storage-Index} so a load balancer can route creation like the later
     * {@code /uploads/<si>} requests (deploy/nginx/helpers.conf).
     *
     * @param proof the {@link UploadProof} of the file's key (lets this token join an upload of
     *     the same file that another token started), or null
     */
    public Created create(byte[] storageIndex, long size, int k, int happy, int n, int segmentSize, byte[] proof)
            throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("storage-index", Base32.encode(storageIndex));
        meta.put("k", Integer.toString(k));
        meta.put("happy", Integer.toString(happy));
        meta.put("n", Integer.toString(n));
        meta.put("segment-size", Integer.toString(segmentSize));
        if (proof != null) {
            meta.put("upload-proof", Base32.encode(proof));
        }
        StringBuilder m = new StringBuilder();
        meta.forEach((key, v) -> {
            if (m.length() > 0) {
                m.append(',');
            }
            m.append(key).append(' ').append(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.US_ASCII)));
        });
        HttpRequest req = request("/uploads")
                .header("Tus-Resumable", TUS)
                .header("Upload-Length", Long.toString(size))
                .header("Upload-Metadata", m.toString())
                .header("Helper-Storage-Index", Base32.encode(storageIndex))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(CALL_TIMEOUT)
                .build();
        Reply r = send(req, 201);
        JsonObject body = json(r);
        long offset = r.offset().orElseThrow(() -> protocol("creation answer has no Upload-Offset"));
        String state = r.response.headers().firstValue("Helper-Upload-State").orElse(body.getString("state", "created"));
        if (offset < 0 || offset > size) {
            throw protocol("creation answer's Upload-Offset " + offset + " is outside 0.." + size);
        }
        return new Created(state, offset, body.getJsonObject("result"));
    }

    /** {@code HEAD /uploads/<si>}: the durable offset. */
    public Head head(byte[] storageIndex) throws IOException {
        HttpRequest req = request(uploadPath(storageIndex)).header("Tus-Resumable", TUS)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(CALL_TIMEOUT).build();
        Reply r = send(req, 200);
        long offset = r.offset().orElseThrow(() -> protocol("HEAD answer has no Upload-Offset"));
        long length = r.response.headers().firstValue("Upload-Length").map(HelperClient::parseLong).orElse(-1L);
        return new Head(r.response.headers().firstValue("Helper-Upload-State").orElse(""), offset, length);
    }

    /**
     * {@code PATCH /uploads/<si>}: sends exactly {@code length} bytes of {@code body} as the
     * ciphertext at {@code offset}. Returns the helper's new durable offset. Sent with
     * {@code Expect: 100-continue}, so a refusal (409 offset-mismatch, 423 upload-locked, quota)
     * arrives before any byte of the body is sent. A PATCH the helper stops taking bytes of fails
     * after {@link #PATCH_IDLE} with reason {@code timeout} ({@link WatchedBody}).
     */
    public long patch(byte[] storageIndex, long offset, long length, InputStream body) throws IOException {
        WatchedBody watched = new WatchedBody(body);
        HttpRequest req = request(uploadPath(storageIndex))
                .header("Tus-Resumable", TUS)
                .header("Content-Type", "application/offset+octet-stream")
                .header("Upload-Offset", Long.toString(offset))
                .expectContinue(true)
                .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> watched), length))
                .build();
        Reply r = reply(exchange(req, watched), 204);
        return r.offset().orElseThrow(() -> protocol("PATCH answer has no Upload-Offset"));
    }

    /** {@code GET /uploads/<si>/result?wait=}: progress and, at the end, the outcome. */
    public JsonObject result(byte[] storageIndex, int waitSeconds) throws IOException {
        HttpRequest req = request(uploadPath(storageIndex) + "/result" + (waitSeconds > 0 ? "?wait=" + waitSeconds : ""))
                .GET().timeout(CALL_TIMEOUT.plusSeconds(waitSeconds)).build();
        return json(send(req, 200));
    }

    /** {@code DELETE /uploads/<si>}: abandons the upload (only its creator may). */
    public void terminate(byte[] storageIndex) throws IOException {
        HttpRequest req = request(uploadPath(storageIndex)).header("Tus-Resumable", TUS).DELETE().timeout(CALL_TIMEOUT).build();
        send(req, 204);
    }

    @Override
    public void close() {
        // Java 17 has no HttpClient.close(); idle connections are dropped when the client is
        // garbage collected (the JDK's keep-alive timeout is 30 s).
    }

    // ------------------------------------------------------------------ plumbing

    private record Reply(HttpResponse<InputStream> response, byte[] body) {
        OptionalLong offset() {
            return response.headers().firstValue("Upload-Offset").map(v -> OptionalLong.of(parseLong(v))).orElse(OptionalLong.empty());
        }
    }

    private static long parseLong(String v) {
        if (!v.strip().matches("[0-9]{1,18}")) {
            return -1;
        }
        return Long.parseLong(v.strip());
    }

    private static String uploadPath(byte[] si) {
        return "/uploads/" + Base32.encode(si);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(endpoint.url() + path)).header("Authorization", auth);
    }

    private Reply send(HttpRequest req, int expected) throws IOException {
        return reply(exchange(req, null), expected);
    }

    /**
     * Sends {@code req} and waits for the answer's head (the request's own timeout bounds the
     * JSON calls). With a watched {@code body} (a PATCH) the exchange is given up, cancelling it
     * and so closing its connection, once the body has stalled for {@link #patchIdle} (see
     * {@link WatchedBody#stalled}).
     */
    private HttpResponse<InputStream> exchange(HttpRequest req, WatchedBody body) throws HelperException {
        CompletableFuture<HttpResponse<InputStream>> f = http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
        try {
            while (true) {
                try {
                    return body == null ? f.get() : f.get(WATCH_TICK.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (body.stalled(patchIdle.toNanos())) {
                        f.cancel(true);
                        throw new HelperException(0, HelperException.TIMEOUT, "the helper took no bytes for "
                                + patchIdle.toSeconds() + " s", null);
                    }
                }
            }
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new HelperException(0, "interrupted", "interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException t) {
                throw new HelperException(0, HelperException.TIMEOUT, "helper did not answer in time", t);
            }
            throw transport(cause instanceof IOException io ? io : new IOException(cause));
        }
    }

    /** Reads the (bounded) answer and checks its status. */
    private static Reply reply(HttpResponse<InputStream> resp, int expected) throws HelperException {
        byte[] body;
        try (InputStream in = resp.body()) {
            body = in.readNBytes(MAX_RESPONSE + 1);
        } catch (IOException e) {
            throw transport(e);
        }
        if (body.length > MAX_RESPONSE) {
            throw protocol("helper answer larger than " + MAX_RESPONSE + " bytes");
        }
        Reply r = new Reply(resp, body);
        if (resp.statusCode() != expected) {
            throw refusal(r);
        }
        return r;
    }

    private static HelperException transport(IOException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof javax.net.ssl.SSLHandshakeException || c instanceof java.security.cert.CertificateException) {
                return new HelperException(0, "tls", "TLS handshake with the helper failed (wrong helper.spki-sha256 pin?)", e);
            }
        }
        if (e instanceof java.net.ConnectException) {
            return new HelperException(0, HelperException.CONNECT, "cannot connect to the helper (connection refused)", e);
        }
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new HelperException(0, HelperException.TRANSPORT, "helper connection failed: " + oneLine(what), e);
    }

    private static HelperException refusal(Reply r) {
        int status = r.response.statusCode();
        String reason = "http-" + status;
        String detail = "";
        try {
            JsonObject o = new JsonObject(new String(r.body, StandardCharsets.UTF_8));
            reason = o.getString("error", reason);
            detail = o.getString("detail", "");
        } catch (DecodeException | ClassCastException e) {
            // not our JSON error: keep the status
        }
        return new HelperException(status, oneLine(reason), "helper refused (" + status + " " + oneLine(reason) + ")"
                + (detail.isEmpty() ? "" : ": " + oneLine(detail)), null);
    }

    private static JsonObject json(Reply r) throws HelperException {
        try {
            return new JsonObject(new String(r.body, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw protocol("helper answer is not a JSON object");
        }
    }

    private static HelperException protocol(String message) {
        return new HelperException(0, "protocol", message, null);
    }

    /** {@code s} cut to 300 characters, non-printable characters replaced: safe for one line of output. */
    public static String oneLine(String s) {
        String t = s.length() > 300 ? s.substring(0, 300) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
