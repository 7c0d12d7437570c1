package org.lafs.client.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.Chk;
import org.lafs.chk.ConvergentKey;
import org.lafs.chk.CtrCipher;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.StorageIndex;
import org.lafs.client.HelperEndpoint;
import org.lafs.client.LafsClient;
import org.lafs.client.LafsException;
import org.lafs.client.ProgressListener;
import org.lafs.client.UploadReport;
import org.lafs.client.config.NodeDirectory;
import org.lafs.client.helper.HelperClient;
import org.lafs.client.helper.HelperException;
import org.lafs.client.helper.UploadProof;
import org.lafs.format.Base32;

/**
 * One client of a helper must never change the bytes another relies on, and no path may hand out
 * a cap for shares that are not the file's (issue 13, item 1). Real helper process with two
 * tokens, real 10-node grid.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class PoisoningTest {
    static final EncodingParameters P = EncodingParameters.DEFAULTS;

    @TempDir
    static Path dir;
    TestGrid grid;
    HelperProcess helper;
    LafsClient viaHelper;
    LafsClient direct;
    HelperClient mine;
    HelperClient other;
    byte[] secret;

    @BeforeAll
    void start() throws Exception {
        grid = TestGrid.start(dir.resolve("grid"));
        helper = HelperProcess.start(dir.resolve("helper"), grid.serversYaml(), ClientNodes.convergenceFile(dir.resolve("conv")));
        viaHelper = new LafsClient(ClientNodes.config(ClientNodes.node(dir.resolve("node-helper"), grid, helper)));
        direct = new LafsClient(ClientNodes.config(ClientNodes.node(dir.resolve("node-direct"), grid, null)));
        mine = new HelperClient(new HelperEndpoint(URI.create(helper.url), helper.pin, HelperProcess.TOKEN));
        other = new HelperClient(new HelperEndpoint(URI.create(helper.url), helper.pin, HelperProcess.OTHER_TOKEN));
        secret = Base32.decode(ClientNodes.CONVERGENCE.strip());
    }

    @AfterAll
    void stop() throws Exception {
        viaHelper.close();
        direct.close();
        helper.close();
        grid.close();
    }

    /** A file, its key and storage index under the nodes' convergence secret. */
    private record TestFile(Path path, byte[] plain, byte[] key, byte[] si, String cap) {
        byte[] ciphertext() {
            byte[] c = plain.clone();
            CtrCipher.at(key, 0).apply(c, 0, c.length);
            return c;
        }
    }

    private TestFile file(String name, int size, long seed) throws Exception {
        byte[] plain = new byte[size];
        new Random(seed).nextBytes(plain);
        Path p = dir.resolve(name);
        Files.write(p, plain);
        byte[] key = ConvergentKey.derive(plain, secret, P);
        return new TestFile(p, plain, key, StorageIndex.of(key), Chk.capabilityOf(plain, secret, P).uri());
    }

    /** The other client uploads {@code bytes} under {@code f}'s storage index and waits for the push. */
    private void otherStores(TestFile f, byte[] bytes) throws Exception {
        int segment = P.geometry(bytes.length).segmentSize();
        HelperClient.Created c = other.create(f.si(), bytes.length, P.k(), P.happy(), P.n(), segment, null);
        assertEquals("created", c.state());
        assertEquals(bytes.length, other.patch(f.si(), 0, bytes.length, new ByteArrayInputStream(bytes)));
        for (int i = 0; i < 20; i++) {
            JsonObject r = other.result(f.si(), 30);
            if (!List.of("receiving", "placing", "pushing", "finishing").contains(r.getString("state"))) {
                assertEquals("done", r.getString("state"), r.encode());
                return;
            }
        }
        throw new AssertionError("the other client's upload did not finish");
    }

    private byte[] download(LafsClient c, String cap) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.download(LafsClient.parseCap(cap), out, ProgressListener.NONE);
        return out.toByteArray();
    }

    /**
     * The attack of issue 13: my upload is under way (paused), another token creates an upload of
     * the same storage index and writes its bytes at my offset. The helper now refuses both; my
     * upload then completes with the right cap. (Before: "201 joined", "204", and ten shares of
     * the wrong ciphertext.)
     */
    @Test
    void anotherTokenCanNeitherJoinNorWriteMyUpload() throws Exception {
        TestFile f = file("mine", 700_000, 1);
        byte[] ct = f.ciphertext();
        int segment = P.geometry(ct.length).segmentSize();
        assertEquals("created", mine.create(f.si(), ct.length, P.k(), P.happy(), P.n(), segment, UploadProof.of(f.key())).state());
        assertEquals(300_000, mine.patch(f.si(), 0, 300_000, new ByteArrayInputStream(ct, 0, 300_000)));

        HelperException join = assertThrows(HelperException.class,
                () -> other.create(f.si(), ct.length, P.k(), P.happy(), P.n(), segment, null));
        assertEquals(409, join.status());
        assertEquals("upload-in-progress", join.reason());
        HelperException wrongProof = assertThrows(HelperException.class,
                () -> other.create(f.si(), ct.length, P.k(), P.happy(), P.n(), segment, new byte[32]));
        assertEquals("upload-in-progress", wrongProof.reason());
        HelperException write = assertThrows(HelperException.class,
                () -> other.patch(f.si(), 300_000, 65_536, new ByteArrayInputStream(new byte[65_536])));
        assertEquals(404, write.status());
        assertEquals(404, assertThrows(HelperException.class, () -> other.head(f.si())).status());
        assertEquals(404, assertThrows(HelperException.class, () -> other.result(f.si(), 0)).status());
        assertEquals(404, assertThrows(HelperException.class, () -> other.terminate(f.si())).status());

        UploadReport r = viaHelper.upload(f.path(), ProgressListener.NONE); // resumes at 300,000
        assertEquals(f.cap(), r.cap().uri());
        assertEquals(400_000, r.bytesSent());
        assertArrayEquals(f.plain(), download(direct, f.cap()));
    }

    /** Another client of the same file (it knows the key, so it has the proof) may join under its own token. */
    @Test
    void aTokenWithTheKeyProofJoins() throws Exception {
        TestFile f = file("shared", 300_000, 2);
        byte[] ct = f.ciphertext();
        int segment = P.geometry(ct.length).segmentSize();
        mine.create(f.si(), ct.length, P.k(), P.happy(), P.n(), segment, UploadProof.of(f.key()));
        assertEquals(100_000, mine.patch(f.si(), 0, 100_000, new ByteArrayInputStream(ct, 0, 100_000)));
        HelperClient.Created joined = other.create(f.si(), ct.length, P.k(), P.happy(), P.n(), segment, UploadProof.of(f.key()));
        assertEquals("joined", joined.state());
        assertEquals(100_000, joined.offset());
        assertEquals(ct.length, other.patch(f.si(), 100_000, ct.length - 100_000,
                new ByteArrayInputStream(ct, 100_000, ct.length - 100_000)));
        assertEquals(f.cap(), viaHelper.upload(f.path(), ProgressListener.NONE).cap().uri());
    }

    /**
     * Someone who learned a storage index before the file was uploaded stores other bytes under it
     * (ten complete, self-consistent shares). No path may then print a cap: direct uploads find
     * the preexisting shares foreign (before: "preexisting 10", exit 0, a cap no one can read),
     * uploads through the helper find the grid's UEB foreign. Both say "poisoned" and what to do,
     * and the advice works: another segment size gives another storage index.
     */
    @Test
    void aPoisonedStorageIndexIsReportedNeverCapped() throws Exception {
        TestFile f = file("poisoned", 500_000, 3);
        byte[] garbage = new byte[f.plain().length];
        new Random(99).nextBytes(garbage);
        otherStores(f, garbage);
        assertEquals(10, grid.shareFiles(f.si()).size());

        LafsException d = assertThrows(LafsException.class, () -> direct.upload(f.path(), ProgressListener.NONE));
        assertEquals(LafsException.Kind.POISONED, d.kind(), d.getMessage());
        assertTrue(d.getMessage().contains("poisoned") && d.getMessage().contains("another convergence secret"), d.getMessage());
        LafsException h = assertThrows(LafsException.class, () -> viaHelper.upload(f.path(), ProgressListener.NONE));
        assertEquals(LafsException.Kind.POISONED, h.kind(), h.getMessage());
        assertTrue(h.getMessage().contains("poisoned"), h.getMessage());

        NodeDirectory.Overrides o = new NodeDirectory.Overrides();
        o.segmentSize = 65_536;
        try (LafsClient other64k = new LafsClient(NodeDirectory.open(dir.resolve("node-direct")).config(o))) {
            UploadReport r = other64k.upload(f.path(), ProgressListener.NONE);
            assertNotEquals(f.cap(), r.cap().uri());
            assertArrayEquals(f.plain(), download(other64k, r.cap().uri()));
        }
    }

    /**
     * Only some share numbers hold foreign shares: they are not counted, this file's shares go to
     * the other servers, and the upload succeeds when happiness still holds, reporting no
     * preexisting share. Through the helper (its pipeline checks them) and directly.
     */
    @Test
    void foreignSharesAreNotCountedButTheFileIsStored() throws Exception {
        for (LafsClient client : List.of(viaHelper, direct)) {
            TestFile f = file("partly-" + (client == direct ? "direct" : "helper"), 400_000, client == direct ? 4 : 5);
            byte[] garbage = new byte[f.plain().length];
            new Random(7).nextBytes(garbage);
            otherStores(f, garbage);
            for (Path share : grid.shareFiles(f.si())) {
                if (Integer.parseInt(share.getFileName().toString()) >= 2) {
                    Files.delete(share); // foreign shares 0 and 1 stay
                }
            }
            UploadReport r = client.upload(f.path(), ProgressListener.NONE);
            assertEquals(f.cap(), r.cap().uri());
            assertEquals(0, r.preexistingShares());
            assertArrayEquals(f.plain(), download(direct, f.cap()));
        }
    }
}
