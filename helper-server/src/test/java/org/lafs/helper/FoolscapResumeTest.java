package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.cap.ChkCap;
import org.lafs.helper.upload.Upload;

/**
 * A client whose connection dies in the middle of read_encrypted comes back (same TubID) and
 * the helper continues from what is durable: its first read starts at the durable offset, the
 * bytes before it are not sent again, and the cap and shares are right. Also across a helper
 * restart, where the tub identity (TubID, swissnum) must survive so the FURL stays valid.
 */
class FoolscapResumeTest extends FoolscapFixture {
    static final EncodingParameters PARAMS = new EncodingParameters(3, 7, 10, 128 << 10);

    @ParameterizedTest
    @ValueSource(strings = {"client-master", "helper-master"})
    void reconnectResumesFromTheDurableOffset(String role) throws Exception {
        ChkClient f = file(600_000, 21, PARAMS);
        JsonObject dropped = client("alice", role, "drop", f, "--drop-after", "200000");
        assertEquals("failed", dropped.getString("outcome"), dropped.encode());
        TestHelpers.waitFor("the job to end after the disconnect", () -> foolscap().uploads().jobCount() == 0);
        Upload u = helper.service().find(f.siBase32()).orElseThrow();
        long durable = u.progress().durable();
        // every piece the helper received was made durable on disconnect; the client's last
        // answer may still have been in flight when the connection dropped (one read piece)
        long sent = dropped.getLong("sent");
        assertTrue(durable <= sent && durable >= sent - FoolscapFixture.READ_SIZE, "durable " + durable + ", sent " + sent);
        assertTrue(durable >= 200_000 && durable < 600_000, "partial: " + durable);

        JsonObject resumed = client("alice", role, "upload", f);
        assertEquals("ok", resumed.getString("outcome"), resumed.encode());
        JsonArray firstRead = resumed.getJsonArray("reads").getJsonArray(0);
        assertEquals(durable, firstRead.getLong(0), "the helper asks from the durable offset");
        assertEquals(600_000 - durable, resumed.getLong("sent"), "nothing durable is sent again");
        String cap = FoolscapUploadTest.cap(f, resumed.getJsonObject("results"));
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), grid.verifyShares(f.si, ChkCap.parseChk(cap).uebHash()));
        assertEquals(600_000.0, helper.metrics().counter("helper.foolscap.fetched_bytes"), "each byte fetched once");
    }

    @Test
    void helperRestartKeepsTheFurlAndResumes() throws Exception {
        ChkClient f = file(500_000, 31, PARAMS);
        JsonObject dropped = client("carol", "client-master", "drop", f, "--drop-after", "130000");
        assertEquals("failed", dropped.getString("outcome"), dropped.encode());
        TestHelpers.waitFor("the job to end", () -> foolscap().uploads().jobCount() == 0);
        long durable = helper.service().find(f.siBase32()).orElseThrow().progress().durable();
        String tubId = foolscap().tubId();
        String oldFurl = furl;
        helper.stop().await(); // closes its grid connection too
        helper = null;

        grid.conn = org.lafs.helper.grid.GridConnection.open(vertx, grid.grid.serversYaml());
        helper = startHelper(dir.resolve("helper"));
        furl = helper.foolscap().furl().uri();
        assertEquals(tubId, foolscap().tubId(), "the tub key was kept");
        assertEquals(oldFurl.substring(oldFurl.lastIndexOf('/')), furl.substring(furl.lastIndexOf('/')), "the swissnum was kept");
        assertEquals(furl + "\n", Files.readString(dir.resolve("helper/foolscap/helper.furl")), "FURL file written");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("helper/foolscap/swissnum"))));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("helper/foolscap/helper-key.pem"))));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("helper/foolscap"))));

        JsonObject resumed = client("carol", "client-master", "upload", f);
        assertEquals("ok", resumed.getString("outcome"), resumed.encode());
        assertEquals(durable, resumed.getJsonArray("reads").getJsonArray(0).getLong(0), "resumed after the restart");
        assertNotEquals(0, durable);
        String cap = FoolscapUploadTest.cap(f, resumed.getJsonObject("results"));
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), grid.verifyShares(f.si, ChkCap.parseChk(cap).uebHash()));
    }
}
