package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lafs.chk.EncodingParameters;
import org.lafs.grid.ServerInfo;

/** Abandoned uploads expire: spool, RocksDB state and the buckets allocated on storage servers are released. */
class ExpiryTest extends GridHelperFixture {
    @Override
    void configure(Map<String, String> c) {
        c.put("uploads.expiry", "0s");
        c.put("uploads.sweep-interval", "1d");
    }

    @AfterEach
    @Override
    void stop() throws Exception {
        super.stop();
        assertTrue(helper.service().store().isClosed(), "RocksDB closed");
    }

    @Test
    void abandonedUploadIsCleanedEverywhere() throws Exception {
        ChkClient client = new ChkClient(TestHelpers.randomBytes(800_000, 9), TestHelpers.randomBytes(32, 9), new EncodingParameters(3, 7, 10, 131072));
        String si = client.siBase32();
        assertEquals(201, client.create(alice).statusCode());
        String loc = helper.rootUrl() + "/helper/v1/uploads/" + si;
        assertEquals(204, alice.patch(loc, 0, client.ciphertext, 0, 300_000).statusCode());
        // the pipeline has placed the shares and pushed the first segments
        TestHelpers.waitFor("segments pushed", () -> helper.service().find(si).map(u -> u.segmentsDone() >= 1).orElse(false));
        assertEquals(1, helper.service().sweep().await());
        assertFalse(Files.exists(dir.resolve("helper").resolve("spool").resolve(si)), "spool deleted");
        assertTrue(helper.service().store().scan("u/").isEmpty(), "upload record deleted");
        assertTrue(helper.service().store().scan("j/").isEmpty(), "journal deleted");
        assertEquals(410, alice.head(loc).statusCode());
        assertEquals(404, alice.patch(loc, 300_000, client.ciphertext, 300_000, 1000).statusCode());
        // Every share slot was aborted: a fresh allocation of all ten shares succeeds somewhere.
        Set<Integer> allocatable = new TreeSet<>();
        for (ServerInfo s : grid.conn.servers()) {
            byte[] secret = LeaseSecretsTestSupport.randomSecret();
            var r = grid.call(() -> grid.conn.client(s.serverId()).allocate(client.si, new byte[32], new byte[32], secret,
                    Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 300_000));
            allocatable.addAll(r.allocated());
            assertTrue(r.alreadyHave().isEmpty(), "no complete share stays");
            for (int sh : r.allocated()) {
                grid.call(() -> grid.conn.client(s.serverId()).abort(client.si, sh, secret));
            }
        }
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), allocatable);
        // A new upload of the same file starts from zero and completes.
        String cap = client.upload(alice);
        assertTrue(cap.startsWith("URI:CHK:"));
    }

    /** Upload secrets for the probe allocation. */
    static final class LeaseSecretsTestSupport {
        static byte[] randomSecret() {
            return TestHelpers.randomBytes(20, System.nanoTime());
        }
    }
}
