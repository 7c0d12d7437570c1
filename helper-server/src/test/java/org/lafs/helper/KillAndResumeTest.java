package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.Chk;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.cap.ChkCap;
import org.lafs.storage.Fault;
import org.lafs.storage.FaultPolicy;

/**
 * The helper as a separate process, killed with SIGKILL during ingest, during push and while
 * finishing; the grid (10 real storage servers) keeps running in the test JVM. After a restart
 * every upload completes with the cap offline encoding gives, and all shares verify.
 */
class KillAndResumeTest {
    @TempDir
    Path dir;
    Vertx vertx;
    GridFixture grid;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        grid = new GridFixture(vertx, dir.resolve("grid"));
    }

    @AfterEach
    void stop() throws Exception {
        grid.close();
        vertx.close().await();
    }

    private Map<String, String> config() {
        Map<String, String> c = TestHelpers.baseConfig(dir.resolve("helper"));
        c.put("grid.servers-yaml", grid.grid.serversYaml().toString());
        return c;
    }

    /** Slows every share write so the push and finish phases last long enough to be hit. */
    private void slowWrites(long ms) {
        grid.grid.nodes().forEach(n -> n.faultPolicy(FaultPolicy.always(HttpMethod.PATCH, ".*", Fault.delay(ms))));
    }

    private static JsonObject status(TusClient c, String si) {
        HttpResponse<String> r = c.get("/uploads/" + si + "/result?wait=5");
        return r.statusCode() == 200 ? new JsonObject(r.body()) : new JsonObject();
    }

    /** When to kill the first helper; asked every 20 ms. */
    @FunctionalInterface
    private interface KillPoint {
        boolean reached(TusClient c, String si) throws Exception;
    }

    private void killAndResume(long size, long seed, boolean sendAllFirst, Predicate<JsonObject> killWhen) throws Exception {
        killAndResume(size, seed, sendAllFirst, (KillPoint) (c, si) -> killWhen.test(status(c, si)));
    }

    private void killAndResume(long size, long seed, boolean sendAllFirst, KillPoint killWhen) throws Exception {
        byte[] plain = TestHelpers.randomBytes((int) size, seed);
        byte[] secret = TestHelpers.randomBytes(32, seed + 1);
        EncodingParameters params = new EncodingParameters(3, 7, 10, 131072);
        ChkClient client = new ChkClient(plain, secret, params);
        String si = client.siBase32();
        try (HelperProcess first = HelperProcess.start(dir, config())) {
            TusClient c = new TusClient(first.url, TestHelpers.ALICE, null);
            assertEquals(201, client.create(c).statusCode());
            String loc = first.url + "/uploads/" + si;
            int upTo = sendAllFirst ? plain.length : plain.length / 2;
            assertEquals(204, c.patchAll(loc, java.util.Arrays.copyOf(client.ciphertext, upTo), 0, 256 << 10).statusCode());
            try {
                TestHelpers.waitFor("the kill point", () -> {
                    try {
                        return killWhen.reached(c, si);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
            } catch (AssertionError e) {
                System.out.println("kill point not reached; last status " + status(c, si) + "\n" + java.nio.file.Files.readString(first.log));
                throw e;
            }
            System.out.println("kill at " + java.time.Instant.now());
            first.kill();
            if (System.getenv("KILL_TEST_LOG") != null) {
                System.out.println("---- first helper log\n" + java.nio.file.Files.readString(first.log));
            }
        }
        grid.grid.nodes().forEach(n -> n.faultPolicy(FaultPolicy.NONE));
        try (HelperProcess second = HelperProcess.start(dir, config())) {
            TusClient c = new TusClient(second.url, TestHelpers.ALICE, null);
            String cap = client.upload(c);
            assertEquals(((ChkCap) Chk.capabilityOf(plain, secret, params)).uri(), cap);
            assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), grid.verifyShares(client.si, ChkCap.parseChk(cap).uebHash()));
            if (System.getenv("KILL_TEST_LOG") != null) {
                System.out.println("---- second helper log\n" + java.nio.file.Files.readString(second.log));
            }
        }
    }

    @Test
    void killedDuringIngest() throws Exception {
        slowWrites(20);
        killAndResume(1_500_000, 10, false, s -> s.getLong("received", 0L) >= 700_000);
    }

    /**
     * Killed after the servers opened the slots but before their answers came back, so before
     * the placement could be saved: the restarted helper must take its own slots back (they are
     * "in neither list" to any new allocate) rather than find every server full.
     */
    @Test
    void killedWhileServersAllocate() throws Exception {
        grid.grid.nodes().forEach(n -> n.faultPolicy(FaultPolicy.always(HttpMethod.POST, "/storage/v1/immutable/[^/]+",
                Fault.delay(30_000))));
        killAndResume(600_000, 40, true, (c, si) -> slotsOpened(si) == 10);
    }

    /** Nodes holding an incoming (allocated, unfinished) share of {@code si}. */
    private long slotsOpened(String si) {
        return grid.grid.nodes().stream().filter(n -> {
            Path in = n.dir().resolve("storage/shares/incoming").resolve(si.substring(0, 2)).resolve(si);
            try (var files = java.nio.file.Files.list(in)) {
                return files.findAny().isPresent();
            } catch (java.io.IOException e) {
                return false;
            }
        }).count();
    }

    @Test
    void killedDuringPush() throws Exception {
        // 20 segments are 3 write batches of 8 per share (push.write-bytes): with 250 ms per
        // PATCH the push lasts long enough that a status poll on a loaded box sees it (at 100 ms
        // and 10 segments, one run went from 0 pushed to done between two polls)
        slowWrites(250);
        killAndResume(2_500_000, 20, true, s -> s.getLong("segments-pushed", 0L) >= 2);
    }

    @Test
    void killedWhileFinishing() throws Exception {
        slowWrites(150);
        killAndResume(600_000, 30, true, s -> "finishing".equals(s.getString("state")) || "done".equals(s.getString("state")));
    }
}
