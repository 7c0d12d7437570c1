package org.lafs.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.grid.ServerInfo;
import org.lafs.grid.ServersYaml;

/**
 * Issue 13's fuzz test: several hundred malformed requests, sent as raw bytes, to the three
 * servers, each running as its own process exactly as shipped (a storage grid, the helper, the
 * local node): none may answer 5xx, none may leave a request hanging, none may write a stack
 * trace to its log, and each must still serve a good request afterwards.
 */
@Timeout(600)
class MalformedRequestFuzzTest {
    static final String SI = "aaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String SI2 = "bbbbbbbbbbbbbbbbbbbbbbbbbb";

    @TempDir
    Path dir;

    /** One malformed request and where it goes. */
    record Case(String server, String label, byte[] bytes, boolean halfClose) {}

    /** A server under test. */
    record Target(String name, int port, boolean tls, String auth, Path log) {}

    @Test
    void malformedRequestsGetFourHundredsNeverStackTracesOrHangs() throws Exception {
        Child grid = Child.start(dir.resolve("grid.log"), line -> line.startsWith("servers.yaml written to "),
                "org.lafs.storage.Main", "grid", "--count", "3", "--dir", dir.resolve("grid").toString());
        HelperProcess helper = null;
        Child node = null;
        try {
            Path serversYaml = dir.resolve("grid/servers.yaml");
            ServerInfo storage = ServersYaml.read(serversYaml).get(0);
            helper = HelperProcess.start(dir.resolve("helper"), serversYaml, ClientNodes.convergenceFile(dir.resolve("conv")));
            Path nodeDir = ClientNodes.node(dir.resolve("node"), serversYaml, helper);
            node = Child.start(dir.resolve("node.log"), line -> line.startsWith("listening on "),
                    "org.lafs.client.cli.Main", "node", "--node-dir", nodeDir.toString(), "--port", "0");
            int nodePort = Integer.parseInt(node.readyLine.replaceAll(".*:([0-9]+)/.*", "$1"));
            List<Target> targets = List.of(
                    new Target("storage", storage.nurl().port(), true, storage.nurl().authorizationHeader(), dir.resolve("grid.log")),
                    new Target("helper", java.net.URI.create(helper.url).getPort(), true, "Bearer " + HelperProcess.TOKEN, helper.log),
                    new Target("node", nodePort, false, null, dir.resolve("node.log")));

            List<String> failures = new ArrayList<>();
            int sent = 0;
            int[] byServer = new int[3];
            for (int t = 0; t < targets.size(); t++) {
                Target target = targets.get(t);
                List<Case> cases = new ArrayList<>(common(target));
                cases.addAll(switch (target.name()) {
                    case "storage" -> storage(target);
                    case "helper" -> helper(target);
                    default -> node(target);
                });
                for (Case c : cases) {
                    RawHttp.Response r = RawHttp.exchange("127.0.0.1", target.port(), target.tls(), c.bytes(), c.halfClose());
                    sent++;
                    byServer[t]++;
                    if (r.hung()) {
                        failures.add(target.name() + " hung on " + c.label());
                    } else if (r.status() >= 500) {
                        failures.add(target.name() + " answered " + r + " to " + c.label());
                    } else if (r.body().contains("\tat ") || r.body().contains("Exception")) {
                        failures.add(target.name() + " showed a stack trace for " + c.label() + ": " + r);
                    }
                }
                // still alive and well
                RawHttp.Response ok = RawHttp.exchange("127.0.0.1", target.port(), target.tls(), healthy(target), false);
                assertTrue(ok.status() >= 200 && ok.status() < 300, target.name() + " after the fuzz: " + ok);
            }
            System.out.println("malformed requests sent: " + sent + " (storage " + byServer[0] + ", helper " + byServer[1]
                    + ", node " + byServer[2] + ")");
            assertTrue(sent >= 200, "only " + sent + " requests");
            for (Target target : targets) {
                List<String> lines = Files.readAllLines(target.log());
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.startsWith("\tat ") || line.contains("SEVERE") || line.contains("Unhandled exception")) {
                        failures.add(target.name() + " log: " + line + (i + 1 < lines.size() ? " / " + lines.get(i + 1) : ""));
                    }
                }
            }
            Files.write(Path.of("target", "fuzz-failures.txt"), failures);
            assertEquals(List.of(), failures.stream().limit(40).toList(), failures.size() + " failures (all in target/fuzz-failures.txt)");
        } finally {
            if (node != null) {
                node.close();
            }
            if (helper != null) {
                helper.close();
            }
            grid.close();
        }
    }

    // ------------------------------------------------------------------ cases

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Case c(Target t, String label, String raw) {
        return new Case(t.name(), label, b(raw), false);
    }

    private static String host(Target t) {
        return "Host: 127.0.0.1:" + t.port() + "\r\n";
    }

    private static String auth(Target t) {
        return t.auth() == null ? "" : "Authorization: " + t.auth() + "\r\n";
    }

    /** Malformed HTTP that any server may receive. */
    static List<Case> common(Target t) {
        String h = host(t);
        String a = auth(t);
        List<Case> out = new ArrayList<>();
        out.add(c(t, "bare method", "GET\r\n\r\n"));
        out.add(c(t, "no version", "GET /\r\n\r\n"));
        out.add(c(t, "HTTP/9.9", "GET / HTTP/9.9\r\n" + h + "\r\n"));
        out.add(c(t, "asterisk target", "OPTIONS * HTTP/1.1\r\n" + h + "\r\n"));
        out.add(c(t, "asterisk GET", "GET * HTTP/1.1\r\n" + h + a + "\r\n"));
        out.add(c(t, "absolute target", "GET http://evil.example/ HTTP/1.1\r\n" + h + a + "\r\n"));
        out.add(c(t, "path without slash", "GET nopath HTTP/1.1\r\n" + h + a + "\r\n"));
        out.add(c(t, "POST path without slash", "POST nopath HTTP/1.1\r\n" + h + a + "Content-Length: 0\r\n\r\n"));
        out.add(c(t, "binary garbage", "\u0000\u0001\u0002\u00ff\u00fe garbage\r\n\r\n"));
        out.add(c(t, "long URI", "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\n" + h + "\r\n"));
        out.add(c(t, "header without colon", "GET / HTTP/1.1\r\n" + h + "NoColonHere\r\n\r\n"));
        out.add(c(t, "huge header", "GET / HTTP/1.1\r\n" + h + "X-Big: " + "b".repeat(40_000) + "\r\n\r\n"));
        out.add(c(t, "many headers", "GET / HTTP/1.1\r\n" + h + "X-H: v\r\n".repeat(3000) + "\r\n"));
        out.add(c(t, "Content-Length abc", "PUT / HTTP/1.1\r\n" + h + a + "Content-Length: abc\r\n\r\n"));
        out.add(c(t, "Content-Length -5", "PUT / HTTP/1.1\r\n" + h + a + "Content-Length: -5\r\n\r\n"));
        out.add(c(t, "Content-Length 2^70", "PUT / HTTP/1.1\r\n" + h + a + "Content-Length: 1180591620717411303424\r\n\r\n"));
        out.add(c(t, "two Content-Lengths", "PUT / HTTP/1.1\r\n" + h + a + "Content-Length: 3\r\nContent-Length: 5\r\n\r\nabcde"));
        out.add(c(t, "bad chunk size", "PUT / HTTP/1.1\r\n" + h + a + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"));
        out.add(c(t, "chunked plus length", "PUT / HTTP/1.1\r\n" + h + a + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n"));
        out.add(c(t, "unknown transfer coding", "PUT / HTTP/1.1\r\n" + h + a + "Transfer-Encoding: gzip\r\n\r\n"));
        out.add(c(t, "odd Expect", "PUT / HTTP/1.1\r\n" + h + a + "Expect: 100-banana\r\nContent-Length: 0\r\n\r\n"));
        out.add(c(t, "unknown method", "BREW / HTTP/1.1\r\n" + h + a + "\r\n"));
        out.add(c(t, "lower-case method", "get / HTTP/1.1\r\n" + h + "\r\n"));
        out.add(c(t, "bad percent escape", "GET /%zz HTTP/1.1\r\n" + h + a + "\r\n"));
        out.add(c(t, "percent NUL", "GET /%00 HTTP/1.1\r\n" + h + a + "\r\n"));
        out.add(c(t, "dot-dot", "GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\n" + h + a + "\r\n"));
        out.add(c(t, "raw dot-dot", "GET /../../etc/passwd HTTP/1.1\r\n" + h + a + "\r\n"));
        out.add(c(t, "no Host", "GET / HTTP/1.1\r\n\r\n"));
        out.add(c(t, "HTTP/1.0", "GET / HTTP/1.0\r\n\r\n"));
        out.add(c(t, "invalid UTF-8 path", "GET /\u00ff\u00fe\u00c0 HTTP/1.1\r\n" + h + a + "\r\n"));
        out.add(c(t, "NUL in header", "GET / HTTP/1.1\r\n" + h + "X-A: a\u0000b\r\n\r\n"));
        out.add(c(t, "pipelined garbage", "GET / HTTP/1.1\r\n" + h + a + "\r\n\u0001\u0002 junk junk\r\n\r\n"));
        out.add(new Case(t.name(), "headers cut short", b("GET / HTTP/1.1\r\n" + h + "X-Unfinished: "), true));
        out.add(c(t, "body longer than length", "PUT / HTTP/1.1\r\n" + h + a + "Content-Length: 2\r\n\r\nabcdefgh"));
        out.add(c(t, "empty Authorization", "GET / HTTP/1.1\r\n" + h + "Authorization: \r\n\r\n"));
        out.add(c(t, "garbage Authorization", "GET / HTTP/1.1\r\n" + h + "Authorization: \u00ff\u00fe!!\r\n\r\n"));
        out.add(c(t, "long Authorization", "GET / HTTP/1.1\r\n" + h + "Authorization: Bearer " + "t".repeat(8000) + "\r\n\r\n"));
        out.add(c(t, "Basic not base64", "GET / HTTP/1.1\r\n" + h + "Authorization: Basic !!!***\r\n\r\n"));
        out.add(c(t, "Range garbage", "GET / HTTP/1.1\r\n" + h + a + "Range: bytes=zz-yy\r\n\r\n"));
        out.add(c(t, "query garbage", "GET /?%%%&&&==&t=%ff HTTP/1.1\r\n" + h + a + "\r\n"));
        Random r = new Random(t.port());
        for (int i = 0; i < 10; i++) { // random bytes after a valid request line
            byte[] junk = new byte[200 + r.nextInt(2000)];
            r.nextBytes(junk);
            byte[] head = b("POST / HTTP/1.1\r\n" + h);
            byte[] all = new byte[head.length + junk.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(junk, 0, all, head.length, junk.length);
            out.add(new Case(t.name(), "random header bytes " + i, all, true));
        }
        return out;
    }

    static List<Case> helper(Target t) {
        String h = host(t);
        String a = auth(t);
        String tus = "Tus-Resumable: 1.0.0\r\n";
        List<Case> out = new ArrayList<>();
        String[] metadata = {
            "", "garbage", "storage-index", "storage-index !!!", "storage-index " + b64("short"),
            "k " + b64("3"), "storage-index " + b64(SI) + ",storage-index " + b64(SI),
            md(SI, "0", "1", "1", "3"), md(SI, "300", "1", "300", "300"), md(SI, "3", "7", "2", "131073"),
            md(SI, "3", "11", "10", "131073"), md(SI, "3", "7", "10", "0"), md(SI, "3", "7", "10", "131072"),
            md(SI, "3", "7", "10", "999999999"), md(SI, "x", "7", "10", "131073"), md(SI, "-3", "7", "10", "131073"),
            md(SI, "3", "7", "10", "131073") + ",upload-proof " + b64("not-base32!"),
            md(SI, "3", "7", "10", "131073") + ",upload-proof " + b64("aaaa"),
            "k" + ",".repeat(3000), md("UPPERCASESTORAGEINDEXABCDE", "3", "7", "10", "131073"),
        };
        for (String m : metadata) {
            out.add(c(t, "metadata " + m.substring(0, Math.min(30, m.length())), "POST /helper/v1/uploads HTTP/1.1\r\n" + h + a + tus
                    + "Upload-Length: 1000000\r\nUpload-Metadata: " + m + "\r\nContent-Length: 0\r\n\r\n"));
        }
        for (String len : new String[] {"-1", "abc", "99999999999999999999", "", "1e6", "10"}) {
            out.add(c(t, "Upload-Length " + len, "POST /helper/v1/uploads HTTP/1.1\r\n" + h + a + tus + "Upload-Length: " + len
                    + "\r\nUpload-Metadata: " + md(SI, "3", "7", "10", "131073") + "\r\nContent-Length: 0\r\n\r\n"));
        }
        out.add(c(t, "defer length", "POST /helper/v1/uploads HTTP/1.1\r\n" + h + a + tus + "Upload-Defer-Length: 1\r\n"
                + "Upload-Metadata: " + md(SI, "3", "7", "10", "131073") + "\r\nContent-Length: 0\r\n\r\n"));
        out.add(c(t, "creation with body", "POST /helper/v1/uploads HTTP/1.1\r\n" + h + a + tus + "Upload-Length: 100\r\n"
                + "Upload-Metadata: " + md(SI, "3", "7", "10", "102") + "\r\nContent-Length: 5\r\n\r\nhello"));
        out.add(c(t, "old tus", "POST /helper/v1/uploads HTTP/1.1\r\n" + h + a + "Tus-Resumable: 0.2.2\r\nContent-Length: 0\r\n\r\n"));
        out.add(c(t, "no token", "POST /helper/v1/uploads HTTP/1.1\r\n" + h + tus + "Content-Length: 0\r\n\r\n"));
        out.add(c(t, "wrong token", "POST /helper/v1/uploads HTTP/1.1\r\n" + h + tus + "Authorization: Bearer nope\r\nContent-Length: 0\r\n\r\n"));
        out.add(c(t, "routing SI mismatch", "POST /helper/v1/uploads HTTP/1.1\r\n" + h + a + tus + "Upload-Length: 1000000\r\n"
                + "Upload-Metadata: " + md(SI, "3", "7", "10", "131073") + "\r\nHelper-Storage-Index: " + SI2 + "\r\nContent-Length: 0\r\n\r\n"));
        String[] patchHeaders = {
            "Content-Type: text/plain\r\nUpload-Offset: 0\r\n", "Content-Type: application/offset+octet-stream\r\nUpload-Offset: -1\r\n",
            "Content-Type: application/offset+octet-stream\r\nUpload-Offset: abc\r\n",
            "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 99999999999999999999999\r\n",
            "Content-Type: application/offset+octet-stream\r\n",
            "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nUpload-Checksum: md5 abc\r\n",
            "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nUpload-Checksum: sha256 !!!\r\n",
            "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nUpload-Checksum: sha256\r\n",
        };
        for (String ph : patchHeaders) {
            for (String si : new String[] {SI2, "ABC", "..%2F..", SI2 + SI2}) {
                out.add(c(t, "PATCH " + si + " " + ph.replace("\r\n", " "), "PATCH /helper/v1/uploads/" + si + " HTTP/1.1\r\n" + h + a
                        + tus + ph + "Content-Length: 4\r\n\r\nabcd"));
            }
        }
        for (String m : new String[] {"HEAD", "DELETE", "GET", "PUT", "POST"}) {
            for (String si : new String[] {SI2, "!!", "a".repeat(300)}) {
                out.add(c(t, m + " upload " + si.substring(0, Math.min(8, si.length())), m + " /helper/v1/uploads/" + si
                        + " HTTP/1.1\r\n" + h + a + tus + "Content-Length: 0\r\n\r\n"));
            }
        }
        for (String w : new String[] {"abc", "-1", "99999999999999999999", ""}) {
            out.add(c(t, "result wait " + w, "GET /helper/v1/uploads/" + SI2 + "/result?wait=" + w + " HTTP/1.1\r\n" + h + a + "\r\n"));
        }
        for (String si : new String[] {"zzzz", "0000000000000000000000000", SI + "a"}) {
            out.add(c(t, "grid " + si, "GET /helper/v1/grid/" + si + " HTTP/1.1\r\n" + h + a + "\r\n"));
        }
        out.add(c(t, "PUT /uri chunked", "PUT /uri HTTP/1.1\r\n" + h + a + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
        out.add(c(t, "PUT /uri bad length", "PUT /uri HTTP/1.1\r\n" + h + a + "Content-Length: x1\r\n\r\n"));
        out.add(c(t, "PUT /uri no token", "PUT /uri HTTP/1.1\r\n" + h + "Content-Length: 3\r\n\r\nabc"));
        out.add(c(t, "status t=weird", "GET /helper_status?t=%ff%fe HTTP/1.1\r\n" + h + "\r\n"));
        out.add(c(t, "status login garbage", "GET /helper_status?login=1 HTTP/1.1\r\n" + h + "Authorization: Basic ====\r\n\r\n"));
        out.add(c(t, "metrics with body", "GET /metrics HTTP/1.1\r\n" + h + "Content-Length: 3\r\n\r\nabc"));
        out.add(c(t, "version bad token", "GET /helper/v1/version HTTP/1.1\r\n" + h + "Authorization: Bearer \u00ff\r\n\r\n"));
        return out;
    }

    static List<Case> storage(Target t) {
        String h = host(t);
        String a = auth(t);
        String base = "/storage/v1/immutable/";
        List<Case> out = new ArrayList<>();
        out.add(c(t, "version no auth", "GET /storage/v1/version HTTP/1.1\r\n" + h + "\r\n"));
        out.add(c(t, "version bad auth", "GET /storage/v1/version HTTP/1.1\r\n" + h + "Authorization: Tahoe-LAFS !!!\r\n\r\n"));
        out.add(c(t, "version wrong scheme", "GET /storage/v1/version HTTP/1.1\r\n" + h + "Authorization: Bearer x\r\n\r\n"));
        String[] bodies = {"", "garbage", "{\"share-numbers\":[1],\"allocated-size\":10}", "\u00a1", "\u00bf\u00ff",
            "\u00a2\u0041\u0061\u0001\u0041\u0062\u0002", "\u009b" + "\u0000".repeat(20), "\u00ff".repeat(100)};
        String[] secrets = {"", "X-Tahoe-Authorization: upload-secret zzz\r\n",
            "X-Tahoe-Authorization: lease-renew-secret " + b64("x".repeat(32)) + "\r\n",
            "X-Tahoe-Authorization: nonsense\r\n"};
        for (String body : bodies) {
            for (String sec : secrets) {
                out.add(c(t, "allocate " + body.length() + " " + sec.trim(), "POST " + base + SI + " HTTP/1.1\r\n" + h + a + sec
                        + "Content-Type: application/cbor\r\nContent-Length: " + body.length() + "\r\n\r\n" + body));
            }
        }
        for (String si : new String[] {"ABC", "!!", "a".repeat(200), "%00"}) {
            out.add(c(t, "allocate bad si " + si.substring(0, Math.min(5, si.length())), "POST " + base + si + " HTTP/1.1\r\n" + h + a
                    + "Content-Length: 0\r\n\r\n"));
        }
        String[] ranges = {"", "Content-Range: bytes 0-3/*\r\n", "Content-Range: bytes 5-1/*\r\n", "Content-Range: bytes abc\r\n",
            "Content-Range: bytes 0-99999999999999999999/*\r\n", "Content-Range: items 0-3/4\r\n"};
        for (String r : ranges) {
            for (String sh : new String[] {"0", "-1", "99999999999", "x"}) {
                out.add(c(t, "write share " + sh + " " + r.trim(), "PATCH " + base + SI + "/" + sh + " HTTP/1.1\r\n" + h + a + r
                        + "X-Tahoe-Authorization: upload-secret " + b64("s".repeat(32)) + "\r\nContent-Length: 4\r\n\r\nabcd"));
            }
        }
        for (String r : new String[] {"bytes=5-1", "bytes=abc", "bytes=0-", "bytes=-5", "bytes=0-1,3-4", "lines=1-2"}) {
            out.add(c(t, "read range " + r, "GET " + base + SI + "/0 HTTP/1.1\r\n" + h + a + "Range: " + r + "\r\n\r\n"));
        }
        out.add(c(t, "abort bad secret", "PUT " + base + SI + "/0/abort HTTP/1.1\r\n" + h + a + "X-Tahoe-Authorization: upload-secret ?\r\n"
                + "Content-Length: 0\r\n\r\n"));
        out.add(c(t, "list shares bad si", "GET " + base + "zz/shares HTTP/1.1\r\n" + h + a + "\r\n"));
        out.add(c(t, "list shares", "GET " + base + SI2 + "/shares HTTP/1.1\r\n" + h + a + "\r\n"));
        out.add(c(t, "lease garbage", "PUT /storage/v1/lease/" + SI + " HTTP/1.1\r\n" + h + a + "X-Tahoe-Authorization: x\r\nContent-Length: 0\r\n\r\n"));
        out.add(c(t, "advise garbage", "POST " + base + SI + "/0/corrupt HTTP/1.1\r\n" + h + a + "Content-Type: application/cbor\r\n"
                + "Content-Length: 3\r\n\r\n\u00ff\u00ff\u00ff"));
        out.add(c(t, "mutable", "GET /storage/v1/mutable/" + SI + "/shares HTTP/1.1\r\n" + h + a + "\r\n"));
        return out;
    }

    static List<Case> node(Target t) {
        String h = host(t);
        List<Case> out = new ArrayList<>();
        out.add(c(t, "PUT bad length", "PUT /uri HTTP/1.1\r\n" + h + "Content-Length: 12abc\r\n\r\n"));
        out.add(c(t, "form without type", "POST /uri?t=upload HTTP/1.1\r\n" + h + "Content-Length: 5\r\n\r\nhello"));
        out.add(c(t, "form without boundary", "POST /uri?t=upload HTTP/1.1\r\n" + h + "Content-Type: multipart/form-data\r\nContent-Length: 5\r\n\r\nhello"));
        out.add(c(t, "form garbage", withBody("POST /uri?t=upload HTTP/1.1\r\n" + h + "Content-Type: multipart/form-data; boundary=XX\r\n",
                "--YY\r\n\r\n\r\ngarbage!")));
        out.add(c(t, "form without file", withBody("POST /uri?t=upload HTTP/1.1\r\n" + h + "Content-Type: multipart/form-data; boundary=XX\r\n",
                "--XX\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nvalue\r\n--XX--\r\n")));
        out.add(c(t, "form with an unfinished part", withBody("POST /uri?t=upload HTTP/1.1\r\n" + h
                + "Content-Type: multipart/form-data; boundary=XX\r\n",
                "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nhalf a file")));
        out.add(c(t, "POST without t", "POST /uri HTTP/1.1\r\n" + h + "Content-Length: 0\r\n\r\n"));
        out.add(c(t, "cross-origin form", "POST /uri?t=upload HTTP/1.1\r\n" + h + "Origin: http://evil.example\r\n"
                + "Content-Type: multipart/form-data; boundary=XX\r\nContent-Length: 0\r\n\r\n"));
        out.add(c(t, "foreign Host", "GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n"));
        String[] caps = {"garbage", "URI:CHK:", "URI:CHK:aaa:bbb:3:10:5", "URI:CHK:" + "a".repeat(26) + ":" + "b".repeat(52) + ":3:10:0",
            "URI:CHK:" + "a".repeat(26) + ":" + "b".repeat(52) + ":300:10:100", "URI:CHK:" + "a".repeat(26) + ":" + "b".repeat(52) + ":3:10:-1",
            "URI:LIT:!!!", "URI:LIT:", "URI:CHK-Verifier:xyz", "URI:DIR2:abc", "%ZZ", "URI%3ACHK%3A%00",
            "URI:CHK:" + "a".repeat(26) + ":" + "b".repeat(52) + ":3:10:99999999999999999999"};
        for (String cap : caps) {
            out.add(c(t, "get " + cap.substring(0, Math.min(12, cap.length())), "GET /uri/" + cap + " HTTP/1.1\r\n" + h + "\r\n"));
            out.add(c(t, "json " + cap.substring(0, Math.min(12, cap.length())), "GET /uri/" + cap + "?t=json HTTP/1.1\r\n" + h + "\r\n"));
        }
        String lit = "URI:LIT:" + "nbswy3dp";
        for (String r : new String[] {"bytes=5-1", "bytes=abc", "bytes=0-99999999999999999999", "bytes=99-", "lines=1-2", "bytes=-0"}) {
            out.add(c(t, "range " + r, "GET /uri/" + lit + " HTTP/1.1\r\n" + h + "Range: " + r + "\r\n\r\n"));
        }
        out.add(c(t, "t=banana", "GET /uri/" + lit + "?t=banana HTTP/1.1\r\n" + h + "\r\n"));
        out.add(c(t, "DELETE cap", "DELETE /uri/" + lit + " HTTP/1.1\r\n" + h + "\r\n"));
        return out;
    }

    static byte[] healthy(Target t) {
        String path = switch (t.name()) {
            case "storage" -> "/storage/v1/version";
            case "helper" -> "/helper/v1/version";
            default -> "/";
        };
        return b("GET " + path + " HTTP/1.1\r\n" + host(t) + auth(t) + "Connection: close\r\n\r\n");
    }

    /** {@code head} (request line and headers) with a Content-Length for {@code body}, then the body. */
    private static String withBody(String head, String body) {
        return head + "Content-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n" + body;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String md(String si, String k, String happy, String n, String seg) {
        return "storage-index " + b64(si) + ",k " + b64(k) + ",happy " + b64(happy) + ",n " + b64(n) + ",segment-size " + b64(seg);
    }

    /** A program of ours in a child JVM with the test class path, ready once it prints a line. */
    static final class Child implements AutoCloseable {
        final Process process;
        final String readyLine;

        private Child(Process process, String readyLine) {
            this.process = process;
            this.readyLine = readyLine;
        }

        static Child start(Path log, java.util.function.Predicate<String> ready, String main, String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), main));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while ((line = out.readLine()) != null && !ready.test(line)) {
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            if (line == null || !ready.test(line)) {
                p.destroyForcibly();
                throw new IllegalStateException(main + " did not start: " + Files.readString(log));
            }
            Thread drain = new Thread(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter());
                } catch (java.io.IOException ignored) {
                    // ended
                }
            }, "child-stdout");
            drain.setDaemon(true);
            drain.start();
            return new Child(p, line);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
