package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.lafs.BuildInfo;
import org.lafs.chk.EncodingParameters;

/**
 * The status page as an operator sees it: Debian's Chromium, headless, renders it from a helper
 * with a real grid that has finished, deduplicated, resumed, running and rejected uploads; the
 * rendered DOM must show the version, uptime, auto-refresh, human sizes, times and the health of
 * every storage server, and the screenshot is kept in target/status-page.png.
 */
class StatusPageBrowserTest extends GridHelperFixture {
    static final EncodingParameters PARAMS = new EncodingParameters(3, 7, 10, 131072);
    static final Path SCREENSHOT = Path.of("target", "status-page.png").toAbsolutePath();

    static String chromium() {
        for (String p : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new AssertionError("chromium is not installed (Debian package chromium; .ci/run installs it)");
    }

    /** Runs headless Chromium with a fresh profile; returns what it printed on stdout. */
    private String browse(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile")));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish: " + Files.readString(err));
        }
        assertEquals(0, p.exitValue(), Files.readString(err));
        return Files.readString(out);
    }

    @Test
    void operatorSeesHealthProgressAndHistoryInHumanUnits() throws Exception {
        byte[] secret = TestHelpers.randomBytes(32, 7);
        ChkClient done = new ChkClient(TestHelpers.randomBytes(700_000, 8), secret, PARAMS);
        done.upload(alice);
        new ChkClient(done.plaintext, secret, PARAMS).upload(alice); // in the grid: replaces the row above
        new ChkClient(TestHelpers.randomBytes(400_000, 10), secret, PARAMS).upload(alice);
        // running: 300 kB of 2.5 MB, then the client comes back (a resume)
        ChkClient running = new ChkClient(TestHelpers.randomBytes(2_500_000, 9), secret, PARAMS);
        HttpResponse<String> cr = running.create(alice);
        String loc = helper.rootUrl() + cr.headers().firstValue("Location").orElseThrow();
        assertEquals(204, alice.patch(loc, 0, running.ciphertext, 0, 300_000).statusCode());
        assertEquals("joined", running.create(alice).headers().firstValue("Helper-Upload-State").orElseThrow());
        assertEquals(401, alice.withToken("wrong-token-wrong-token").get("/version").statusCode());
        TestHelpers.waitFor("every storage server checked", () -> new JsonObject(alice.get(helper.rootUrl() + "/helper_status?t=json").body())
                .getJsonArray("storage-servers").stream().allMatch(s -> "up".equals(((JsonObject) s).getString("state"))));

        String url = helper.rootUrl() + "/helper_status";
        String dom = browse("--dump-dom", url);
        String text = dom.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
        assertTrue(dom.contains("<meta http-equiv=\"refresh\" content=\"5\">"), "reloads itself");
        assertTrue(text.contains("lafs-helper " + BuildInfo.version()), "version");
        assertTrue(Pattern.compile("up [0-9.]+ (ms|s|min)").matcher(text).find(), "uptime: " + text);
        assertTrue(text.contains("storage servers up 10 of 10"), text);
        assertTrue(text.contains("active uploads 1"), text);
        assertTrue(text.contains("resumes 1"), text);
        assertTrue(text.contains("requests rejected 1") && text.contains("unauthorized 1"), text);
        assertTrue(text.contains("12% (300.0 KB)") && text.contains("2.5 MB"), "running upload in human units: " + text);
        assertTrue(text.contains("received 1.4 MB"), "700 + 400 + 300 kB received: " + text);
        String time = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\([0-9.]+ (ms|s) ago\\) \\(hidden\\) ";
        assertTrue(Pattern.compile(time + "done 400.0 KB [0-9.]+ (ms|s) 400.0 KB 10 / 0").matcher(text).find(),
                "a finished upload with its time, state, size, duration, bytes received and shares: " + text);
        assertTrue(Pattern.compile(time + "in-grid 700.0 KB - 0 B 0 / 10").matcher(text).find(), "the in-grid answer: " + text);
        assertTrue(!text.contains(Long.toString(700_000)), "no raw byte counts: " + text);

        Files.deleteIfExists(SCREENSHOT);
        browse("--window-size=1280,1500", "--hide-scrollbars", "--screenshot=" + SCREENSHOT, url);
        assertTrue(Files.size(SCREENSHOT) > 20_000, "a screenshot with something on it: " + Files.size(SCREENSHOT));
    }
}
