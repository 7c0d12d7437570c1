package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lafs.chk.EncodingParameters;

/**
 * The error paths a stock-foolscap client sees, in both master roles: a wrong swissnum, an
 * unknown method, a reader that fails or answers with the wrong type, and another client's
 * upload in progress. Each gives that client a Foolscap error (never a hang); the connection and
 * the helper carry on.
 */
class FoolscapErrorTest extends FoolscapFixture {
    static final EncodingParameters PARAMS = new EncodingParameters(3, 7, 10, 128 << 10);

    @Override
    Map<String, String> extraConfig() {
        return Map.of("foolscap.conflict-wait", "1s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"client-master", "helper-master"})
    void wrongSwissnumIsRefused(String role) throws Exception {
        JsonObject r = client("alice", role, "bad-swissnum", null);
        assertEquals("refused", r.getString("outcome"), r.encode());
        assertTrue(r.getString("error").contains("unable to find reference"), r.encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"client-master", "helper-master"})
    void unknownMethodIsAnErrorAndTheConnectionStays(String role) throws Exception {
        JsonObject r = client("alice", role, "unknown-method", null);
        assertEquals("refused", r.getString("outcome"), r.encode());
        assertTrue(r.getString("error").contains("not defined in RIHelper"), r.encode());
        assertTrue(r.getBoolean("still_connected"));
        assertEquals("[\"application-version\",\"http://allmydata.org/tahoe/protocols/helper/v1\"]",
                r.getJsonArray("version_keys").encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"client-master", "helper-master"})
    void aFailingReaderFailsTheUploadWithItsReason(String role) throws Exception {
        ChkClient f = file(200_000, 41, PARAMS);
        JsonObject r = client("alice", role, "reader-error", f);
        assertEquals("failed", r.getString("outcome"), r.encode());
        assertTrue(r.getString("error").contains("reading ciphertext from you failed"), r.encode());
        // the upload stays resumable for this client: a healthy retry completes it
        JsonObject again = client("alice", role, "upload", f);
        assertEquals("ok", again.getString("outcome"), again.encode());
        FoolscapUploadTest.cap(f, again.getJsonObject("results"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"client-master", "helper-master"})
    void aReaderAnsweringTheWrongTypeFailsTheUpload(String role) throws Exception {
        ChkClient f = file(100_000, 43, PARAMS);
        JsonObject r = client("alice", role, "bad-answer", f);
        assertEquals("failed", r.getString("outcome"), r.encode());
        assertEquals(0, r.getLong("sent"), "no ciphertext was asked for");
    }

    @ParameterizedTest
    @ValueSource(strings = {"client-master", "helper-master"})
    void anotherClientCannotTouchAnUploadInProgress(String role) throws Exception {
        ChkClient f = file(400_000, 45, PARAMS);
        JsonObject dropped = client("alice", role, "drop", f, "--drop-after", "100000");
        assertEquals("failed", dropped.getString("outcome"), dropped.encode());
        TestHelpers.waitFor("alice's job to end", () -> foolscap().uploads().jobCount() == 0);
        long durable = helper.service().find(f.siBase32()).orElseThrow().progress().durable();
        JsonObject bob = client("bob", role, "upload", f);
        assertEquals("refused", bob.getString("answer"), bob.encode());
        assertTrue(bob.getString("error").contains("upload-in-progress"), bob.encode());
        assertEquals(durable, helper.service().find(f.siBase32()).orElseThrow().progress().durable(), "bob sent nothing");
        JsonObject alice = client("alice", role, "upload", f);
        assertEquals("ok", alice.getString("outcome"), alice.encode());
        assertEquals(durable, alice.getJsonArray("reads").getJsonArray(0).getLong(0));
    }
}
