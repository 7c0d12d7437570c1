package org.lafs.helper;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.lafs.format.Base32;
import org.lafs.helper.config.ConfigLoader;
import org.lafs.helper.config.HelperConfig;

/** Shared fixtures: configurations with two tokens, random files, condition waits. */
final class TestHelpers {
    static final String ALICE = "alice-token-0123456789abcdef";
    static final String BOB = "bob-token-0123456789abcdef";
    static final String OPERATOR = "operator-token-0123456789abcdef";

    private TestHelpers() {}

    static Map<String, String> baseConfig(Path state) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("listen.port", "0");
        m.put("tls.mode", "off");
        m.put("state.dir", state.toString());
        m.put("tokens.alice.secret", ALICE);
        m.put("tokens.bob.secret", BOB);
        m.put("tokens.bob.bytes-per-day", "300000");
        m.put("tokens.bob.concurrent-uploads", "1");
        m.put("tokens.bob.max-file-size", "1MiB");
        m.put("tokens.ops.secret", OPERATOR);
        m.put("tokens.ops.operator", "true");
        m.put("limits.spool-quota", "64MiB");
        m.put("limits.max-open-segments", "2000");
        m.put("ingest.checkpoint-bytes", "64KiB");
        return m;
    }

    static HelperConfig config(Map<String, String> flat) {
        return ConfigLoader.fromFlatForTests(flat);
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String randomSi(long seed) {
        return Base32.encode(randomBytes(16, seed));
    }

    static void waitFor(String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static Helper start(Vertx vertx, HelperConfig c) throws Exception {
        return Helper.start(vertx, c, org.lafs.helper.upload.GridProbe.NONE, null).await();
    }

    static Map<String, String> env() {
        return new HashMap<>();
    }
}
