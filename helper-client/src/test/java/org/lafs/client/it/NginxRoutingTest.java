package org.lafs.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.Chk;
import org.lafs.chk.ConvergentKey;
import org.lafs.chk.CtrCipher;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.StorageIndex;
import org.lafs.chk.cap.ChkCap;
import org.lafs.client.LafsClient;
import org.lafs.client.UploadReport;
import org.lafs.client.ProgressListener;
import org.lafs.format.Base32;
import org.lafs.helper.tls.HelperTls;

/**
 * deploy/nginx/helpers.conf and lafs-si-routing.conf as shipped, in front of three real helpers (separate JVMs) and a
 * 10-node grid on loopback, with Debian's nginx: {@code nginx -t} accepts it, and every request
 * about one file, from our client and from the stock tus-js-client, reaches the same helper (the
 * access log's {@code upstream=} per storage index), so all uploads complete with the cap Tahoe
 * would compute. The test changes only what a site must set: the upstream servers, the listen
 * address, the certificate and the log path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxRoutingTest {
    static final Path ROOT = Path.of(System.getProperty("lafs.root", "..")).toAbsolutePath().normalize();
    static final Path SHIPPED = ROOT.resolve("deploy/nginx/helpers.conf");
    static final Path ROUTING = ROOT.resolve("deploy/nginx/lafs-si-routing.conf");
    static final Path NODE_DIR = ROOT.resolve("helper-server/src/test/node");
    static final EncodingParameters PARAMS = EncodingParameters.DEFAULTS;

    @TempDir
    static Path dir;
    TestGrid grid;
    final List<HelperProcess> helpers = new ArrayList<>();
    Process nginx;
    int port;
    String pin;
    byte[] secret;

    @BeforeAll
    void start() throws Exception {
        secret = Base32.decode(ClientNodes.CONVERGENCE.strip());
        grid = TestGrid.start(dir.resolve("grid"));
        Path conv = ClientNodes.convergenceFile(dir.resolve("conv"));
        for (int i = 0; i < 3; i++) {
            helpers.add(HelperProcess.start(dir.resolve("helper-" + i), grid.serversYaml(), conv));
        }
        Path[] tls = HelperTls.ensureSelfSigned(dir.resolve("nginx-tls"));
        pin = HelperTls.spkiPin(tls[0]);
        port = freePort();
        Path ngx = dir.resolve("nginx");
        Files.createDirectories(ngx);
        // as installed: both files in one conf.d directory, read by a glob (alphabetically)
        Path confd = Files.createDirectories(ngx.resolve("conf.d"));
        Files.writeString(confd.resolve("helpers.conf"), siteConfig(Files.readString(SHIPPED), tls, ngx));
        Files.copy(ROUTING, confd.resolve(ROUTING.getFileName()));
        Files.writeString(ngx.resolve("nginx.conf"), "worker_processes 1;\npid " + ngx.resolve("nginx.pid") + ";\n"
                + "error_log " + ngx.resolve("error.log") + " info;\n" + "events { worker_connections 256; }\n"
                + "http {\n  client_body_temp_path " + ngx.resolve("body") + ";\n  proxy_temp_path " + ngx.resolve("proxy") + ";\n"
                + "  fastcgi_temp_path " + ngx.resolve("fcgi") + ";\n  uwsgi_temp_path " + ngx.resolve("uwsgi") + ";\n"
                + "  scgi_temp_path " + ngx.resolve("scgi") + ";\n  include " + confd + "/*.conf;\n}\n");
        String check = run(List.of(nginxBinary(), "-t", "-p", ngx.toString(), "-c", ngx.resolve("nginx.conf").toString()));
        assertTrue(check.contains("syntax is ok") && check.contains("test is successful"), check);
        nginx = new ProcessBuilder(nginxBinary(), "-p", ngx.toString(), "-c", ngx.resolve("nginx.conf").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(ngx.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!accepts(port)) {
            if (!nginx.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("nginx did not start: " + Files.readString(ngx.resolve("error.log")));
            }
            Thread.sleep(20);
        }
    }

    /** The shipped file with the site's values: our helpers, a loopback port, the test's certificate and log. */
    String siteConfig(String shipped, Path[] tls, Path ngx) {
        StringBuilder servers = new StringBuilder();
        for (HelperProcess h : helpers) {
            URI u = URI.create(h.url);
            servers.append("    server ").append(u.getHost()).append(':').append(u.getPort()).append(";\n");
        }
        String c = shipped.replaceAll("(?m)^ *server helper-[ab]\\.example\\.org:3457;.*\\n", "");
        c = c.replace("hash $lafs_si consistent;\n", "hash $lafs_si consistent;\n" + servers);
        c = replaceOnce(c, "listen 443 ssl;", "listen 127.0.0.1:" + port + " ssl;");
        c = replaceOnce(c, "/etc/nginx/tls/helper.crt", tls[0].toString());
        c = replaceOnce(c, "/etc/nginx/tls/helper.key", tls[1].toString());
        return replaceOnce(c, "/var/log/nginx/lafs-helpers.log", ngx.resolve("access.log").toString());
    }

    private static String replaceOnce(String text, String what, String with) {
        assertTrue(text.contains(what), "the shipped config has " + what);
        return text.replace(what, with);
    }

    @AfterAll
    void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(20, TimeUnit.SECONDS);
        }
        for (HelperProcess h : helpers) {
            h.close();
        }
        if (grid != null) {
            grid.close();
        }
    }

    static String nginxBinary() {
        for (String p : new String[] {"/usr/sbin/nginx", "/usr/bin/nginx"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new AssertionError("nginx is not installed (Debian package nginx-light; .ci/run installs it)");
    }

    /** The table at the end of helpers.conf is what its comment says: base64 prefix -> SI prefix. */
    @Test
    void shippedMetadataTableIsComplete() throws Exception {
        String conf = Files.readString(ROUTING);
        Map<String, String> shipped = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^    ([A-Za-z0-9+/]{3}) ([a-z2-7]{2});$").matcher(conf.substring(conf.indexOf("map $lafs_md_b64 $lafs_md_si2")));
        while (m.find()) {
            shipped.put(m.group(1), m.group(2));
        }
        Map<String, String> expected = new TreeMap<>();
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        for (char a : alphabet.toCharArray()) {
            for (char b : alphabet.toCharArray()) {
                for (char c : alphabet.toCharArray()) {
                    String b64 = Base64.getEncoder().encodeToString(("" + a + b + c).getBytes(StandardCharsets.US_ASCII));
                    expected.put(b64.substring(0, 3), "" + a + b);
                }
            }
        }
        assertEquals(expected, shipped);
    }

    @Test
    void everyRequestAboutAFileReachesOneHelper() throws Exception {
        Map<String, String> capsBySi = new LinkedHashMap<>();
        // our client, through nginx, pinning nginx's certificate
        Path node = dir.resolve("node");
        Files.createDirectories(node.resolve("private"));
        Files.writeString(node.resolve("tahoe.cfg"), "[client]\nhelper.url = https://127.0.0.1:" + port + "/helper/v1\n"
                + "helper.spki-sha256 = " + pin + "\n");
        Files.writeString(node.resolve("private/helper-token"), HelperProcess.TOKEN + "\n");
        Files.writeString(node.resolve("private/convergence"), ClientNodes.CONVERGENCE);
        try (LafsClient client = new LafsClient(ClientNodes.config(node))) {
            for (int i = 0; i < 6; i++) {
                byte[] plain = plaintext(i);
                Path f = dir.resolve("ours-" + i);
                Files.write(f, plain);
                UploadReport r = client.upload(f, ProgressListener.NONE);
                assertEquals(Chk.capabilityOf(plain, secret, PARAMS).uri(), r.cap().uri());
                capsBySi.put(Base32.encode(StorageIndex.of(ConvergentKey.derive(plain, secret, PARAMS))), r.cap().uri());
            }
        }
        // the stock tus-js-client, through nginx, sending nothing but tus
        for (int i = 6; i < 12; i++) {
            byte[] plain = plaintext(i);
            byte[] key = ConvergentKey.derive(plain, secret, PARAMS);
            String si = Base32.encode(StorageIndex.of(key));
            byte[] ciphertext = plain.clone();
            CtrCipher.at(key, 0).apply(ciphertext, 0, ciphertext.length);
            JsonObject report = tusJs(ciphertext, si);
            assertTrue(report.getBoolean("success"), report.encode());
            assertEquals(0, report.getJsonArray("retries").size(), report.encode());
            JsonObject result = awaitResult(si);
            String cap = new ChkCap(key, Base32.decode(result.getString("ueb-hash"), 32), PARAMS.k(), PARAMS.n(), plain.length).uri();
            assertEquals(Chk.capabilityOf(plain, secret, PARAMS).uri(), cap);
            capsBySi.put(si, cap);
        }
        // a file already in the grid, again through nginx with tus-js-client: the helper that has
        // it answers the PATCH at 0 with the whole length (Http.heldOffset) through the proxy, and
        // no helper takes a byte of it
        double before = fetchedOnAllHelpers();
        byte[] again = plaintext(7);
        byte[] key = ConvergentKey.derive(again, secret, PARAMS);
        byte[] ciphertext = again.clone();
        CtrCipher.at(key, 0).apply(ciphertext, 0, ciphertext.length);
        JsonObject dedup = tusJs(ciphertext, Base32.encode(StorageIndex.of(key)));
        assertTrue(dedup.getBoolean("success"), dedup.encode());
        assertEquals(0, dedup.getJsonArray("retries").size(), dedup.encode());
        assertEquals(before, fetchedOnAllHelpers(), "no ciphertext taken for a file in the grid");
        // the access log: one upstream per storage-index key, and more than one helper in use
        Map<String, Set<String>> upstreams = new HashMap<>();
        Set<String> used = new TreeSet<>();
        int lines = 0;
        Pattern line = Pattern.compile("\"(\\S+) (\\S+) [^\"]*\" (\\d+) \\d+ si=(\\S+) upstream=(\\S+)");
        for (String l : Files.readAllLines(dir.resolve("nginx/access.log"))) {
            Matcher m = line.matcher(l);
            assertTrue(m.find(), l);
            String si = m.group(4);
            if (si.length() == 2) { // a file's key, not a $request_id
                upstreams.computeIfAbsent(si, k -> new TreeSet<>()).add(m.group(5));
                used.add(m.group(5));
                lines++;
            }
        }
        assertTrue(lines >= 12 * 3, "POST, PATCH and result requests of 12 files logged: " + lines);
        for (String si : capsBySi.keySet()) {
            assertEquals(1, upstreams.get(si.substring(0, 2)).size(), "helpers serving " + si + ": " + upstreams);
        }
        assertTrue(used.size() >= 2, "12 files over 3 helpers used more than one: " + used);
    }

    private JsonObject tusJs(byte[] ciphertext, String si) throws Exception {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/tus-js-client"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), NODE_DIR);
        }
        Path f = Files.createTempFile(dir, "ct", ".bin");
        Files.write(f, ciphertext);
        Map<String, String> md = new LinkedHashMap<>();
        md.put("storage-index", si);
        md.put("k", "3");
        md.put("happy", "7");
        md.put("n", "10");
        md.put("segment-size", Integer.toString(PARAMS.geometry(ciphertext.length).segmentSize()));
        ProcessBuilder pb = new ProcessBuilder("node", NODE_DIR.resolve("tus-upload.mjs").toString(),
                "https://127.0.0.1:" + port + "/helper/v1/uploads", HelperProcess.TOKEN, f.toString(), new JsonObject(new LinkedHashMap<String, Object>(md)).encode());
        // nginx's test certificate is self-signed for CN=lafs-helper
        pb.environment().put("NODE_TLS_REJECT_UNAUTHORIZED", "0");
        String out = run(pb);
        String last = out.strip().lines().filter(s -> s.startsWith("{")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(out));
        return new JsonObject(last);
    }

    /** chk_upload_helper_fetched_bytes_total summed over the helpers' own /metrics. */
    private double fetchedOnAllHelpers() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trustAll()).version(HttpClient.Version.HTTP_1_1).build();
        double sum = 0;
        for (HelperProcess h : helpers) {
            String m = http.send(HttpRequest.newBuilder(URI.create(h.rootUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher f = Pattern.compile("(?m)^chk_upload_helper_fetched_bytes_total(\\{[^}]*\\})? (\\S+)$").matcher(m);
            assertTrue(f.find(), m);
            sum += Double.parseDouble(f.group(2));
        }
        return sum;
    }

    private JsonObject awaitResult(String si) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trustAll()).build();
        for (int i = 0; i < 60; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/helper/v1/uploads/" + si + "/result?wait=10"))
                    .header("Authorization", "Bearer " + HelperProcess.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                JsonObject o = new JsonObject(r.body());
                if (o.getString("state").equals("done") || o.getString("state").equals("in-grid")) {
                    return o.getJsonObject("result");
                }
                assertTrue(!o.getString("state").equals("failed"), r.body());
            }
        }
        throw new AssertionError("upload of " + si + " did not finish");
    }

    private static byte[] plaintext(int i) {
        byte[] b = new byte[150_000 + 37_000 * i];
        new java.util.Random(1000 + i).nextBytes(b);
        return b;
    }

    private static SSLContext trustAll() throws Exception {
        // Only for reading results back from the test's own nginx on loopback.
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] c, String a) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a) {}

            @Override
            public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}

            @Override
            public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return ctx;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String run(List<String> cmd) throws Exception {
        return run(new ProcessBuilder(cmd));
    }

    private static String run(List<String> cmd, Path cwd) throws Exception {
        return run(new ProcessBuilder(cmd).directory(cwd.toFile()));
    }

    private static String run(ProcessBuilder pb) throws Exception {
        Path out = Files.createTempFile("run", ".out");
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(pb.command() + " did not finish: " + Files.readString(out));
        }
        String s = Files.readString(out);
        Files.delete(out);
        if (p.exitValue() != 0 && !pb.command().contains("node")) {
            throw new AssertionError(pb.command() + " failed: " + s);
        }
        return s;
    }
}
