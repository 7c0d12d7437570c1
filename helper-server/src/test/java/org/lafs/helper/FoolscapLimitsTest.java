package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lafs.chk.EncodingParameters;

/**
 * The bounds on the Foolscap path as a whole, which a client minting new TubIDs cannot escape:
 * uploads open at once, ciphertext per day for all clients together; and the removal of an
 * upload its client abandoned.
 */
class FoolscapLimitsTest extends FoolscapFixture {
    static final EncodingParameters PARAMS = new EncodingParameters(3, 7, 10, 128 << 10);

    @Override
    Map<String, String> extraConfig() {
        return Map.of("foolscap.limits.uploads", "1", "foolscap.limits.bytes-per-day", "500000",
                "foolscap.client.bytes-per-day", "10M", "foolscap.abandoned-expiry", "1h");
    }

    @Test
    void oneOpenUploadAtATimeForAllClients() throws Exception {
        ChkClient a = file(300_000, 61, PARAMS);
        ChkClient b = file(100_000, 62, PARAMS);
        JsonObject dropped = client("alice", "client-master", "drop", a, "--drop-after", "60000");
        assertEquals("failed", dropped.getString("outcome"));
        TestHelpers.waitFor("alice's job to end", () -> foolscap().uploads().jobCount() == 0);
        // alice's unfinished upload holds the only slot: a new client (a new TubID) is refused
        JsonObject bob = client("bob", "helper-master", "upload", b);
        assertEquals("refused", bob.getString("answer"), bob.encode());
        assertTrue(bob.getString("error").contains("helper-busy"), bob.encode());
        // the abandoned-upload sweep frees it (here: as if a day had passed)
        foolscap().uploads().sweepAbandoned(System.currentTimeMillis() + 25L * 3600 * 1000);
        TestHelpers.waitFor("alice's upload removed", () -> helper.service().find(a.siBase32()).isEmpty());
        TestHelpers.waitFor("its spool removed", () -> !Files.exists(dir.resolve("helper/spool/" + a.siBase32())));
        JsonObject again = client("bob", "helper-master", "upload", b);
        assertEquals("ok", again.getString("outcome"), again.encode());
    }

    @Test
    void ciphertextPerDayIsBoundedForAllClientsTogether() throws Exception {
        JsonObject first = client("alice", "client-master", "upload", file(300_000, 63, PARAMS));
        assertEquals("ok", first.getString("outcome"), first.encode());
        // 300,000 of the 500,000 bytes all Foolscap clients may send today are used; carol's file
        // would pass her own 10M limit but not the shared one
        JsonObject carol = client("carol", "helper-master", "upload", file(300_000, 64, PARAMS));
        assertEquals("failed", carol.getString("outcome"), carol.encode());
        assertTrue(carol.getString("error").contains("foolscap-bytes-per-day"), carol.encode());
        assertTrue(carol.getLong("sent") <= 200_000, "stopped at the bound: " + carol.getLong("sent"));
    }
}
