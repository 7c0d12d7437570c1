package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.lafs.chk.EncodingParameters;

/**
 * Two clients, one file: while alice's upload of a storage index is unfinished, bob's
 * {@code upload_chk} for it waits (no bytes of bob's can reach alice's upload); when alice's
 * upload completes, bob is answered from the grid and sends no ciphertext at all.
 */
class FoolscapConflictTest extends FoolscapFixture {
    @Override
    Map<String, String> extraConfig() {
        return Map.of("foolscap.conflict-wait", "120s");
    }

    @Test
    void theSecondClientWaitsThenDedups() throws Exception {
        ChkClient f = file(400_000, 51, new EncodingParameters(3, 7, 10, 128 << 10));
        JsonObject dropped = client("alice", "client-master", "drop", f, "--drop-after", "100000");
        assertEquals("failed", dropped.getString("outcome"));
        TestHelpers.waitFor("alice's job to end", () -> foolscap().uploads().jobCount() == 0);
        CompletableFuture<JsonObject> bob = CompletableFuture.supplyAsync(() -> {
            try {
                return client("bob", "helper-master", "upload", f);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        TestHelpers.waitFor("bob waiting", () -> {
            Counter c = helper.metrics().registry().find("helper.foolscap.upload_chk").tag("answer", "wait").counter();
            return c != null && c.count() == 1;
        });
        JsonObject alice = client("alice", "client-master", "upload", f);
        assertEquals("ok", alice.getString("outcome"), alice.encode());
        String cap = FoolscapUploadTest.cap(f, alice.getJsonObject("results"));
        JsonObject b = bob.get();
        assertEquals("in-grid", b.getString("answer"), b.encode());
        assertEquals(cap, FoolscapUploadTest.cap(f, b.getJsonObject("results")));
        assertEquals(400_000.0, helper.metrics().counter("helper.foolscap.fetched_bytes"), "bob sent no ciphertext");
    }
}
