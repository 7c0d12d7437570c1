package org.lafs.helper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** A small blocking tus + helper-API client for tests (java.net.http, as a third-party client would). */
final class TusClient {
    final HttpClient http;
    final String base;
    final String token;

    TusClient(String base, String token, SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10));
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.http = b.build();
        this.base = base;
        this.token = token;
    }

    TusClient withToken(String t) {
        return new TusClient(this, t);
    }

    private TusClient(TusClient o, String token) {
        this.http = o.http;
        this.base = o.base;
        this.token = token;
    }

    HttpRequest.Builder req(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path)).timeout(Duration.ofSeconds(60))
                .header("Tus-Resumable", "1.0.0");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String metadata(Map<String, String> md) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : md.entrySet()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e.getKey()).append(' ').append(Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)));
        }
        return sb.toString();
    }

    static Map<String, String> md(String si, int k, int happy, int n, int segSize) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("storage-index", si);
        m.put("k", Integer.toString(k));
        m.put("happy", Integer.toString(happy));
        m.put("n", Integer.toString(n));
        m.put("segment-size", Integer.toString(segSize));
        return m;
    }

    /** {@link #md} with an {@code upload-proof} (any 32 bytes: the helper only compares proofs). */
    static Map<String, String> md(String si, int k, int happy, int n, int segSize, int proofSeed) {
        Map<String, String> m = md(si, k, happy, n, segSize);
        m.put("upload-proof", org.lafs.format.Base32.encode(TestHelpers.randomBytes(32, proofSeed)));
        return m;
    }

    HttpResponse<String> create(long size, Map<String, String> md) {
        return send(req("/uploads").header("Upload-Length", Long.toString(size)).header("Upload-Metadata", metadata(md))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<String> head(String location) {
        return send(req(location).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<String> patch(String location, long offset, byte[] data, int from, int len) {
        return send(patchRequest(location, offset, HttpRequest.BodyPublishers.ofByteArray(data, from, len)));
    }

    /** A PATCH of {@code length} bytes read from {@code body} as the server takes them; answers when the helper does. */
    java.util.concurrent.CompletableFuture<HttpResponse<String>> patchStreaming(String location, long offset,
            java.io.InputStream body, long length) {
        return http.sendAsync(patchRequest(location, offset, HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> body), length)), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest patchRequest(String location, long offset, HttpRequest.BodyPublisher body) {
        return req(location).header("Upload-Offset", Long.toString(offset)).header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", body).build();
    }

    HttpResponse<String> get(String path) {
        return send(req(path).GET().build());
    }

    HttpResponse<String> delete(String location) {
        return send(req(location).DELETE().build());
    }

    /** Sends {@code data[offset..]} in {@code chunk}-byte PATCHes; returns the last response. */
    HttpResponse<String> patchAll(String location, byte[] data, long offset, int chunk) {
        HttpResponse<String> r = null;
        long at = offset;
        while (at < data.length) {
            int len = (int) Math.min(chunk, data.length - at);
            r = patch(location, at, data, (int) at, len);
            if (r.statusCode() != 204) {
                return r;
            }
            at = Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow());
        }
        return r;
    }
}
