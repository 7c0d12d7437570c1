package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.EncodingParameters;
import org.lafs.gbs.PinnedTrustManager;

/** {@code helper-server dev}: local grid + helper over pinned HTTPS + client directory; a re-run reuses the state. */
class DevModeTest {
    @TempDir
    Path dir;

    static SSLContext pinned(String pin) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new PinnedTrustManager(pin)}, null);
        return ctx;
    }

    @Test
    void devModeServesAndReusesItsState() throws Exception {
        Path devDir = dir.resolve("dev");
        String token;
        String pin;
        String cap;
        byte[] plain = TestHelpers.randomBytes(300_000, 42);
        byte[] secret = TestHelpers.randomBytes(32, 43);
        EncodingParameters params = new EncodingParameters(3, 7, 10, 131072);
        try (HelperProcess p = HelperProcess.startArgs(dir, List.of("dev", "--dir", devDir.toString()))) {
            token = p.printed("token");
            pin = p.printed("spki-sha256");
            assertTrue(p.url.startsWith("https://"));
            assertTrue(p.printed("status-url").endsWith("/helper_status"));
            assertTrue(p.printed("metrics-url").endsWith("/metrics"));
            Path client = devDir.resolve("client");
            String cfg = Files.readString(client.resolve("tahoe.cfg"));
            assertTrue(cfg.contains("helper.url = " + p.url), cfg);
            assertTrue(cfg.contains("helper.spki-sha256 = " + pin), cfg);
            assertTrue(cfg.contains("shares.total = 10"), cfg);
            assertEquals(token, Files.readString(client.resolve("private/helper-token")).trim());
            assertTrue(Files.readString(client.resolve("private/servers.yaml")).contains("anonymous-storage-NURLs"));
            assertTrue(Files.exists(client.resolve("private/convergence")));
            TusClient c = new TusClient(p.url, token, pinned(pin));
            cap = new ChkClient(plain, secret, params).upload(c);
            JsonObject status = new JsonObject(c.get(p.printed("status-url") + "?t=json").body());
            assertEquals(1, status.getJsonArray("recent").size());
            p.kill();
        }
        try (HelperProcess again = HelperProcess.startArgs(dir, List.of("dev", "--dir", devDir.toString()))) {
            assertEquals(token, again.printed("token"));
            assertEquals(pin, again.printed("spki-sha256"));
            TusClient c = new TusClient(again.url, token, pinned(pin));
            ChkClient same = new ChkClient(plain, secret, params);
            var created = same.create(c);
            assertEquals("in-grid", created.headers().firstValue("Helper-Upload-State").orElseThrow(), created.body());
            assertEquals(cap, same.cap(new JsonObject(created.body()).getJsonObject("result")));
        }
    }
}
