package org.lafs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lafs.storage.TestSupport.await;
import static org.lafs.storage.TestSupport.bytes;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.format.Base32;
import org.lafs.gbs.AllocateRequest;
import org.lafs.gbs.GbsCbor;
import org.lafs.gbs.GbsClient;

/**
 * Malformed requests, each answered with its precise 4xx, with nothing written to disk, and a
 * normal request still served afterwards.
 */
class BadInputTest {
    static Vertx vertx;
    static StorageNode node;
    static HttpClientAgent http;
    static GbsClient client;
    static String auth;
    static final byte[] SI_A = bytes(16, 1);   // share 0 allocated (10,000 bytes), [0,100) written
    static final byte[] SI_B = bytes(16, 2);   // share 0 complete (100 bytes)
    static final String A = Base32.encode(SI_A);
    static final String B = Base32.encode(SI_B);
    static final byte[] UP = bytes(20, 3);
    static final byte[] WRITTEN = bytes(100, 4);

    @BeforeAll
    static void start(@TempDir Path dir) {
        vertx = Vertx.vertx();
        node = await(StorageNode.start(vertx, NodeConfig.of(dir).withMaxChunk(4096)));
        client = GbsClient.create(vertx, node.nurl());
        auth = node.nurl().authorizationHeader();
        http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
                .setDefaultHost("127.0.0.1").setDefaultPort(node.port()));
        await(client.allocate(SI_A, bytes(32, 5), bytes(32, 6), UP, Set.of(0), 10_000));
        await(client.write(SI_A, 0, UP, 0, Buffer.buffer(WRITTEN)));
        await(client.allocate(SI_B, bytes(32, 5), bytes(32, 6), UP, Set.of(0), 100));
        await(client.write(SI_B, 0, UP, 0, Buffer.buffer(WRITTEN)));
    }

    @AfterAll
    static void stop() {
        client.close();
        http.close();
        await(node.close());
        await(vertx.close());
    }

    record Case(String name, HttpMethod method, String path, List<String[]> headers, Buffer body, boolean chunked, int expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String V = "/storage/v1/";
    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
    static String[] h(String name, String value) {
        return new String[] {name, value};
    }
    static String[] renew(int n) {
        return h("X-Tahoe-Authorization", "lease-renew-secret " + b64(bytes(n, 7)));
    }
    static String[] cancel(int n) {
        return h("X-Tahoe-Authorization", "lease-cancel-secret " + b64(bytes(n, 8)));
    }
    static String[] upload(byte[] s) {
        return h("X-Tahoe-Authorization", "upload-secret " + b64(s));
    }
    static final String[] AUTH = {"Authorization", null}; // placeholder for the valid header
    static final String[] CBOR_CT = h("Content-Type", "application/cbor");
    static final String[] CBOR_ACCEPT = h("Accept", "application/cbor");

    static List<String[]> hs(String[]... items) {
        return new ArrayList<>(List.of(items));
    }

    static Buffer alloc(Set<Integer> shares, long size) {
        return Buffer.buffer(GbsCbor.encodeAllocateRequest(new AllocateRequest(shares, size)));
    }

    static Buffer hex(String h) {
        return Buffer.buffer(HexFormat.of().parseHex(h.replace(" ", "")));
    }

    static Case c(String name, HttpMethod m, String path, List<String[]> headers, Buffer body, int expected) {
        return new Case(name, m, path, headers, body, false, expected);
    }

    static List<Case> cases() {
        List<Case> l = new ArrayList<>();
        HttpMethod GET = HttpMethod.GET, POST = HttpMethod.POST, PUT = HttpMethod.PUT, PATCH = HttpMethod.PATCH;
        Buffer okAlloc = alloc(Set.of(1), 10);
        // routing and storage index syntax
        l.add(c("upper-case SI", GET, V + "immutable/" + A.toUpperCase() + "/shares", hs(AUTH), null, 404));
        l.add(c("SI of 25 chars", GET, V + "immutable/" + A.substring(1) + "/shares", hs(AUTH), null, 404));
        l.add(c("SI of 27 chars", GET, V + "immutable/" + A + "a/shares", hs(AUTH), null, 404));
        l.add(c("SI with a non-base32 char", GET, V + "immutable/1" + A.substring(1) + "/shares", hs(AUTH), null, 404));
        l.add(c("non-canonical SI", GET, V + "immutable/" + "a".repeat(25) + "b/shares", hs(AUTH), null, 404));
        l.add(c("unknown endpoint", GET, V + "nothing", hs(AUTH), null, 404));
        l.add(c("trailing slash", GET, V + "version/", hs(AUTH), null, 404));
        l.add(c("DELETE on a share", HttpMethod.DELETE, V + "immutable/" + A + "/0", hs(AUTH), null, 405));
        l.add(c("GET on allocate", GET, V + "immutable/" + A, hs(AUTH), null, 405));
        l.add(c("PUT on version", PUT, V + "version", hs(AUTH), null, 405));
        // Authorization
        l.add(c("version without Authorization", GET, V + "version", hs(), null, 401));
        l.add(c("wrong swissnum", GET, V + "version", hs(h("Authorization", "Tahoe-LAFS " + b64("nope".getBytes()))), null, 401));
        l.add(c("lower-case scheme", GET, V + "version", hs(h("Authorization", auth.replace("Tahoe-LAFS", "tahoe-lafs"))), null, 401));
        l.add(c("two spaces in Authorization", GET, V + "version", hs(h("Authorization", auth.replace(" ", "  "))), null, 401));
        l.add(c("allocate without Authorization", POST, V + "immutable/" + A, hs(renew(32), cancel(32), upload(UP)), okAlloc, 401));
        l.add(c("PATCH without Authorization", PATCH, V + "immutable/" + A + "/0", hs(upload(UP), h("Content-Range", "bytes 100-109/*")), Buffer.buffer(new byte[10]), 401));
        // secret headers
        l.add(c("allocate missing upload secret", POST, V + "immutable/" + A, hs(AUTH, renew(32), cancel(32)), okAlloc, 400));
        l.add(c("allocate missing renew secret", POST, V + "immutable/" + A, hs(AUTH, cancel(32), upload(UP)), okAlloc, 400));
        l.add(c("allocate duplicate upload secret", POST, V + "immutable/" + A, hs(AUTH, renew(32), cancel(32), upload(UP), upload(UP)), okAlloc, 400));
        l.add(c("allocate extra write-enabler", POST, V + "immutable/" + A, hs(AUTH, renew(32), cancel(32), upload(UP), h("X-Tahoe-Authorization", "write-enabler " + b64(bytes(32, 1)))), okAlloc, 400));
        l.add(c("allocate unknown secret kind", POST, V + "immutable/" + A, hs(AUTH, renew(32), cancel(32), upload(UP), h("X-Tahoe-Authorization", "foo-secret " + b64(bytes(32, 1)))), okAlloc, 400));
        l.add(c("allocate bad base64", POST, V + "immutable/" + A, hs(AUTH, renew(32), cancel(32), h("X-Tahoe-Authorization", "upload-secret !!!notbase64")), okAlloc, 400));
        l.add(c("allocate truncated base64", POST, V + "immutable/" + A, hs(AUTH, renew(32), cancel(32), h("X-Tahoe-Authorization", "upload-secret QUJ")), okAlloc, 400));
        l.add(c("allocate renew secret of 31 bytes", POST, V + "immutable/" + A, hs(AUTH, renew(31), cancel(32), upload(UP)), okAlloc, 400));
        l.add(c("allocate cancel secret of 33 bytes", POST, V + "immutable/" + A, hs(AUTH, renew(32), cancel(33), upload(UP)), okAlloc, 400));
        l.add(c("allocate empty secret", POST, V + "immutable/" + A, hs(AUTH, renew(32), cancel(32), h("X-Tahoe-Authorization", "upload-secret =")), okAlloc, 400));
        l.add(c("allocate secret without value", POST, V + "immutable/" + A, hs(AUTH, renew(32), cancel(32), h("X-Tahoe-Authorization", "upload-secret")), okAlloc, 400));
        l.add(c("allocate comma-joined secrets", POST, V + "immutable/" + A, hs(AUTH, h("X-Tahoe-Authorization",
                "lease-renew-secret " + b64(bytes(32, 7)) + ", lease-cancel-secret " + b64(bytes(32, 8)) + ", upload-secret " + b64(UP))), okAlloc, 400));
        l.add(c("version with a secret", GET, V + "version", hs(AUTH, upload(UP)), null, 400));
        l.add(c("list with a secret", GET, V + "immutable/" + A + "/shares", hs(AUTH, renew(32)), null, 400));
        l.add(c("PATCH without upload secret", PATCH, V + "immutable/" + A + "/0", hs(AUTH, h("Content-Range", "bytes 100-109/*")), Buffer.buffer(new byte[10]), 400));
        l.add(c("PATCH with an extra lease secret", PATCH, V + "immutable/" + A + "/0", hs(AUTH, upload(UP), renew(32), h("Content-Range", "bytes 100-109/*")), Buffer.buffer(new byte[10]), 400));
        l.add(c("lease without cancel secret", PUT, V + "lease/" + B, hs(AUTH, renew(32)), null, 400));
        l.add(c("lease with a 16-byte renew secret", PUT, V + "lease/" + B, hs(AUTH, renew(16), cancel(32)), null, 400));
        l.add(c("abort without upload secret", PUT, V + "immutable/" + A + "/0/abort", hs(AUTH), null, 400));
        // content type and accept
        l.add(c("allocate as JSON", POST, V + "immutable/" + A, hs(AUTH, renew(32), cancel(32), upload(UP), h("Content-Type", "application/json")), okAlloc, 415));
        l.add(c("allocate as text with charset", POST, V + "immutable/" + A, hs(AUTH, renew(32), cancel(32), upload(UP), h("Content-Type", "text/plain; charset=utf-8")), okAlloc, 415));
        l.add(c("allocate Accept text/html", POST, V + "immutable/" + A, hs(AUTH, renew(32), cancel(32), upload(UP), CBOR_CT, h("Accept", "text/html")), okAlloc, 406));
        l.add(c("allocate Accept */*", POST, V + "immutable/" + A, hs(AUTH, renew(32), cancel(32), upload(UP), CBOR_CT, h("Accept", "*/*")), okAlloc, 406));
        l.add(c("version Accept JSON", GET, V + "version", hs(AUTH, h("Accept", "application/json")), null, 406));
        l.add(c("list Accept html before cbor", GET, V + "immutable/" + A + "/shares", hs(AUTH, h("Accept", "text/html, application/cbor")), null, 406));
        l.add(c("Java default Accept", GET, V + "version", hs(AUTH, h("Accept", "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2")), null, 406));
        l.add(c("corrupt as JSON", POST, V + "immutable/" + B + "/0/corrupt", hs(AUTH, h("Content-Type", "application/json")), Buffer.buffer(GbsCbor.encodeCorruptRequest("x")), 415));
        l.add(c("PATCH Accept text/html", PATCH, V + "immutable/" + A + "/0", hs(AUTH, upload(UP), h("Content-Range", "bytes 100-109/*"), h("Accept", "text/html")), Buffer.buffer(new byte[10]), 406));
        // CBOR bodies
        String[][] allocHeaders = {AUTH, renew(32), cancel(32), upload(UP), CBOR_CT, CBOR_ACCEPT};
        l.add(c("malformed CBOR", POST, V + "immutable/" + A, hs(allocHeaders), hex("ff ff"), 400));
        l.add(c("empty allocate body", POST, V + "immutable/" + A, hs(allocHeaders), Buffer.buffer(), 400));
        l.add(c("set without tag 258", POST, V + "immutable/" + A, hs(allocHeaders),
                hex("a2 6d 73686172652d6e756d62657273 81 01 6e 616c6c6f63617465642d73697a65 0a"), 400));
        l.add(c("share number 256", POST, V + "immutable/" + A, hs(allocHeaders),
                hex("a2 6d 73686172652d6e756d62657273 d90102 81 19 0100 6e 616c6c6f63617465642d73697a65 0a"), 400));
        l.add(c("257 share numbers", POST, V + "immutable/" + A, hs(allocHeaders),
                hex("a2 6d 73686172652d6e756d62657273 d90102 99 0101 " + "00".repeat(257) + " 6e 616c6c6f63617465642d73697a65 0a"), 400));
        l.add(c("allocated-size missing", POST, V + "immutable/" + A, hs(allocHeaders), hex("a1 6d 73686172652d6e756d62657273 d90102 81 01"), 400));
        l.add(c("negative allocated-size", POST, V + "immutable/" + A, hs(allocHeaders),
                hex("a2 6d 73686172652d6e756d62657273 d90102 81 01 6e 616c6c6f63617465642d73697a65 20"), 400));
        l.add(c("share numbers as text", POST, V + "immutable/" + A, hs(allocHeaders),
                hex("a2 6d 73686172652d6e756d62657273 61 31 6e 616c6c6f63617465642d73697a65 0a"), 400));
        l.add(c("byte-string map keys", POST, V + "immutable/" + A, hs(allocHeaders),
                hex("a2 4d 73686172652d6e756d62657273 d90102 81 01 4e 616c6c6f63617465642d73697a65 0a"), 400));
        l.add(c("unknown key", POST, V + "immutable/" + A, hs(allocHeaders),
                hex("a3 6d 73686172652d6e756d62657273 d90102 81 01 6e 616c6c6f63617465642d73697a65 0a 61 78 00"), 400));
        l.add(c("trailing bytes", POST, V + "immutable/" + A, hs(allocHeaders), Buffer.buffer(alloc(Set.of(1), 10).getBytes()).appendByte((byte) 0), 400));
        l.add(c("allocate body over 8192 bytes", POST, V + "immutable/" + A, hs(allocHeaders), Buffer.buffer(new byte[9000]), 413));
        l.add(new Case("chunked allocate body over 8192 bytes", POST, V + "immutable/" + A, hs(allocHeaders), Buffer.buffer(new byte[9000]), true, 413));
        l.add(c("empty corruption reason", POST, V + "immutable/" + B + "/0/corrupt", hs(AUTH, CBOR_CT), Buffer.buffer(GbsCbor.encodeCorruptRequest("")), 400));
        l.add(c("corruption reason not text", POST, V + "immutable/" + B + "/0/corrupt", hs(AUTH, CBOR_CT), hex("a1 66 726561736f6e 01"), 400));
        l.add(c("corruption body over 32768 bytes", POST, V + "immutable/" + B + "/0/corrupt", hs(AUTH, CBOR_CT), Buffer.buffer(new byte[40000]), 413));
        l.add(c("corrupt unknown share", POST, V + "immutable/" + B + "/5/corrupt", hs(AUTH, CBOR_CT), Buffer.buffer(GbsCbor.encodeCorruptRequest("x")), 404));
        // PATCH ranges and bodies
        String[][] w = {AUTH, upload(UP)};
        l.add(c("PATCH without Content-Range", PATCH, V + "immutable/" + A + "/0", hs(w), Buffer.buffer(new byte[10]), 416));
        l.add(c("Content-Range end before start", PATCH, V + "immutable/" + A + "/0", with(w, h("Content-Range", "bytes 105-100/*")), Buffer.buffer(new byte[10]), 416));
        l.add(c("Content-Range in items", PATCH, V + "immutable/" + A + "/0", with(w, h("Content-Range", "items 100-109/*")), Buffer.buffer(new byte[10]), 416));
        l.add(c("Content-Range without total", PATCH, V + "immutable/" + A + "/0", with(w, h("Content-Range", "bytes 100-109")), Buffer.buffer(new byte[10]), 416));
        l.add(c("Content-Range */*", PATCH, V + "immutable/" + A + "/0", with(w, h("Content-Range", "bytes */*")), Buffer.buffer(new byte[10]), 416));
        l.add(c("Content-Range start beyond total", PATCH, V + "immutable/" + A + "/0", with(w, h("Content-Range", "bytes 100-109/50")), Buffer.buffer(new byte[10]), 416));
        l.add(c("Content-Range negative", PATCH, V + "immutable/" + A + "/0", with(w, h("Content-Range", "bytes -1-9/*")), Buffer.buffer(new byte[10]), 416));
        l.add(c("range beyond allocated size", PATCH, V + "immutable/" + A + "/0", with(w, h("Content-Range", "bytes 9995-10004/*")), Buffer.buffer(new byte[10]), 416));
        l.add(c("PATCH wrong upload secret", PATCH, V + "immutable/" + A + "/0", hs(AUTH, upload(bytes(20, 99)), h("Content-Range", "bytes 100-109/*")), Buffer.buffer(new byte[10]), 401));
        l.add(c("PATCH unallocated share", PATCH, V + "immutable/" + A + "/1", with(w, h("Content-Range", "bytes 0-9/*")), Buffer.buffer(new byte[10]), 404));
        l.add(c("PATCH share 300", PATCH, V + "immutable/" + A + "/300", with(w, h("Content-Range", "bytes 0-9/*")), Buffer.buffer(new byte[10]), 404));
        l.add(c("PATCH complete share", PATCH, V + "immutable/" + B + "/0", with(w, h("Content-Range", "bytes 0-9/*")), Buffer.buffer(new byte[10]), 404));
        l.add(c("PATCH body shorter than range", PATCH, V + "immutable/" + A + "/0", with(w, h("Content-Range", "bytes 100-119/*")), Buffer.buffer(new byte[10]), 400));
        l.add(c("PATCH body longer than range", PATCH, V + "immutable/" + A + "/0", with(w, h("Content-Range", "bytes 100-104/*")), Buffer.buffer(new byte[10]), 400));
        l.add(new Case("chunked PATCH body longer than range", PATCH, V + "immutable/" + A + "/0", with(w, h("Content-Range", "bytes 100-104/*")), Buffer.buffer(new byte[10]), true, 400));
        l.add(c("PATCH over max chunk", PATCH, V + "immutable/" + A + "/0", with(w, h("Content-Range", "bytes 100-5099/*")), Buffer.buffer(new byte[5000]), 413));
        byte[] conflicting = WRITTEN.clone();
        conflicting[42] ^= 1;
        l.add(c("PATCH conflicting bytes", PATCH, V + "immutable/" + A + "/0", with(w, h("Content-Range", "bytes 0-99/*")), Buffer.buffer(conflicting), 409));
        // reads
        String share = V + "immutable/" + B + "/0";
        l.add(c("open-ended Range", GET, share, hs(AUTH, h("Range", "bytes=0-")), null, 416));
        l.add(c("suffix Range", GET, share, hs(AUTH, h("Range", "bytes=-5")), null, 416));
        l.add(c("two ranges", GET, share, hs(AUTH, h("Range", "bytes=0-1,3-4")), null, 416));
        l.add(c("Range in items", GET, share, hs(AUTH, h("Range", "items=0-1")), null, 416));
        l.add(c("Range end before start", GET, share, hs(AUTH, h("Range", "bytes=5-2")), null, 416));
        l.add(c("Range garbage", GET, share, hs(AUTH, h("Range", "garbage")), null, 416));
        l.add(c("read incomplete share", GET, V + "immutable/" + A + "/0", hs(AUTH, h("Range", "bytes=0-9")), null, 404));
        l.add(c("read unknown share", GET, V + "immutable/" + B + "/9", hs(AUTH), null, 404));
        // abort and lease
        l.add(c("abort wrong secret", PUT, V + "immutable/" + A + "/0/abort", hs(AUTH, upload(bytes(20, 98))), null, 401));
        l.add(c("abort complete share", PUT, V + "immutable/" + B + "/0/abort", hs(AUTH, upload(UP)), null, 405));
        l.add(c("abort unknown share", PUT, V + "immutable/" + A + "/7/abort", hs(AUTH, upload(UP)), null, 404));
        l.add(c("lease on unknown SI", PUT, V + "lease/" + Base32.encode(bytes(16, 50)), hs(AUTH, renew(32), cancel(32)), null, 404));
        return l;
    }

    static List<String[]> with(String[][] base, String[]... more) {
        List<String[]> l = hs(base);
        l.addAll(List.of(more));
        return l;
    }

    static Map<String, String> snapshot() throws Exception {
        Map<String, String> out = new TreeMap<>();
        Path root = node.dir().resolve("storage");
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String rel = root.relativize(p).toString();
                out.put(rel, Files.isRegularFile(p) ? HexFormat.of().formatHex(
                        org.lafs.format.TaggedHash.sha256().digest(Files.readAllBytes(p))) : "dir");
            }
        }
        return out;
    }

    int send(Case k) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String[] hv : k.headers()) {
            headers.add(hv[0], hv[1] == null ? auth : hv[1]);
        }
        RequestOptions ro = new RequestOptions().setMethod(k.method()).setURI(k.path()).setHeaders(headers);
        // A fresh Vert.x client per case: Vert.x 5.0.7's pooled client intermittently never
        // completes a request sent on a connection reused after an error answer (the JDK client
        // in keepAliveConnectionSurvivesEveryMalformedRequest shows the server side is fine).
        HttpClientAgent http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
                .setDefaultHost("127.0.0.1").setDefaultPort(node.port()));
        try {
            return sendOn(http, ro, k);
        } finally {
            http.close();
        }
    }

    int sendOn(HttpClientAgent http, RequestOptions ro, Case k) {
        return await(http.request(ro).compose(req -> {
            if (k.body() == null) {
                return req.send();
            }
            if (k.chunked()) {
                req.setChunked(true);
                req.write(k.body().slice(0, k.body().length() / 2));
                return req.send(k.body().slice(k.body().length() / 2, k.body().length()));
            }
            return req.send(k.body());
        }).compose(resp -> resp.body().map(b -> resp.statusCode())));
    }

    static int jdkSend(java.net.http.HttpClient jc, Case k) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("https://127.0.0.1:" + node.port() + k.path())).timeout(java.time.Duration.ofSeconds(15));
        for (String[] hv : k.headers()) {
            if (!hv[0].equalsIgnoreCase("Connection")) {
                b.header(hv[0], hv[1] == null ? auth : hv[1]);
            }
        }
        b.method(k.method().name(), k.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofByteArray(k.body().getBytes()));
        return jc.send(b.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * The same cases on ONE keep-alive connection of an independent client (the JDK's), each
     * followed by a normal request: an early answer must leave the connection usable (the
     * server drains the unread body). Cases whose body does not match its length are skipped:
     * the JDK client refuses to send them.
     */
    @Test
    void keepAliveConnectionSurvivesEveryMalformedRequest() throws Exception {
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new org.lafs.gbs.PinnedTrustManager(node.nurl().spkiHash())}, null);
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        Case probe = cases().get(cases().size() - 1);
        List<String> wrong = new ArrayList<>();
        java.net.http.HttpClient jc = java.net.http.HttpClient.newBuilder().sslContext(ctx)
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        {
            for (Case k : cases()) {
                if (k.chunked() || k.name().contains("longer") || k.name().contains("shorter")) {
                    continue;
                }
                int st = jdkSend(jc, k);
                if (st != k.expected()) {
                    wrong.add(k.name() + ": expected " + k.expected() + ", got " + st);
                }
                int p = jdkSend(jc, probe);
                if (p != 404) {
                    wrong.add("request after " + k.name() + ": got " + p);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyMalformedRequestGetsItsPrecise4xx() throws Exception {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 50, "at least 50 cases, got " + cases.size());
        Map<String, String> before = snapshot();
        List<String> wrong = new ArrayList<>();
        for (Case k : cases) {
            int status = send(k);
            if (status != k.expected()) {
                wrong.add(k.name() + ": expected " + k.expected() + ", got " + status);
            }
            Map<String, String> after = snapshot();
            if (!after.equals(before)) {
                wrong.add(k.name() + ": changed the storage directory");
                before = after;
            }
        }
        assertEquals(List.of(), wrong);
        // the node still serves normal requests, and the upload can be completed
        assertEquals(Set.of(0), await(client.listShares(SI_B)));
        assertTrue(await(client.write(SI_A, 0, UP, 0, Buffer.buffer(WRITTEN))).required().size() == 1);
        assertTrue(await(client.version()).availableSpace() > 0);
    }

}
