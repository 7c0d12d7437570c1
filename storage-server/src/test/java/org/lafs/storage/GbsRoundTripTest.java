package org.lafs.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lafs.storage.TestSupport.await;
import static org.lafs.storage.TestSupport.awaitFailure;
import static org.lafs.storage.TestSupport.bytes;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.gbs.AllocateResult;
import org.lafs.gbs.ByteRange;
import org.lafs.gbs.GbsClient;
import org.lafs.gbs.GbsClientOptions;
import org.lafs.gbs.GbsException;
import org.lafs.gbs.LeaseSecrets;
import org.lafs.gbs.Nurl;
import org.lafs.gbs.VersionInfo;
import org.lafs.gbs.WriteResult;
import org.lafs.grid.ServerInfo;
import org.lafs.grid.ServersYaml;
import org.lafs.storage.disk.ShareFile;

/** The immutable endpoints end to end over real HTTPS against a 10-node local grid. */
class GbsRoundTripTest {
    static Vertx vertx;
    static LocalGrid grid;
    static List<GbsClient> clients = new ArrayList<>();
    static final LeaseSecrets LEASES = LeaseSecrets.random();

    @BeforeAll
    static void startGrid(@TempDir Path dir) throws Exception {
        vertx = Vertx.vertx();
        grid = await(LocalGrid.start(vertx, dir, 10));
        for (ServerInfo s : ServersYaml.read(grid.serversYaml())) {
            clients.add(GbsClient.create(vertx, s.nurl()));
        }
    }

    @AfterAll
    static void stop() {
        clients.forEach(GbsClient::close);
        await(grid.close());
        await(vertx.close());
    }

    static byte[] si(int n) {
        byte[] b = bytes(16, 1000 + n);
        return b;
    }

    @Test
    void fullCycleOnTenServers() throws Exception {
        List<ServerInfo> servers = ServersYaml.read(grid.serversYaml());
        assertEquals(10, servers.size());
        byte[] si = si(1);
        for (int i = 0; i < 10; i++) {
            GbsClient c = clients.get(i);
            ServerInfo s = servers.get(i);
            VersionInfo v = await(c.version());
            assertTrue(v.availableSpace() > 0);
            assertEquals(v.availableSpace(), v.maximumImmutableShareSize());

            byte[] renew = LEASES.renewSecret(si, s.leaseSeed());
            byte[] cancel = LEASES.cancelSecret(si, s.leaseSeed());
            byte[] upload = LeaseSecrets.randomUploadSecret();
            byte[] share = bytes(100_000, i);
            AllocateResult a = await(c.allocate(si, renew, cancel, upload, Set.of(i, 10 + i), share.length));
            assertEquals(Set.of(), a.alreadyHave());
            assertEquals(Set.of(i, 10 + i), a.allocated());

            WriteResult w1 = await(c.write(si, i, upload, 0, Buffer.buffer(share).slice(0, 70_000)));
            assertFalse(w1.complete());
            assertEquals(List.of(new ByteRange(70_000, 100_000)), w1.required());
            assertEquals(Set.of(), await(c.listShares(si)), "incomplete shares are not listed");
            WriteResult w2 = await(c.write(si, i, upload, 70_000, Buffer.buffer(share).slice(70_000, 100_000)));
            assertTrue(w2.complete());
            assertEquals(List.of(), w2.required());
            assertEquals(Set.of(i), await(c.listShares(si)));

            // second allocate: already-have lists the complete share; the in-progress one is in neither list
            AllocateResult again = await(c.allocate(si, renew, cancel, upload, Set.of(i, 10 + i), share.length));
            assertEquals(Set.of(i), again.alreadyHave());
            assertEquals(Set.of(), again.allocated());

            // abort the second share; it can then be allocated again
            await(c.abort(si, 10 + i, upload));
            assertEquals(Set.of(10 + i), await(c.allocate(si, renew, cancel, upload, Set.of(10 + i), 10)).allocated());
            await(c.abort(si, 10 + i, upload));
            assertEquals(404, ((GbsException) awaitFailure(c.abort(si, 10 + i, upload))).status());
            assertEquals(405, ((GbsException) awaitFailure(c.abort(si, i, upload))).status());

            // reads: ranged, clipped at the end, past the end
            assertArrayEquals(java.util.Arrays.copyOfRange(share, 10, 20), await(c.read(si, i, 10, 10)).getBytes());
            assertArrayEquals(java.util.Arrays.copyOfRange(share, 99_990, 100_000), await(c.read(si, i, 99_990, 100)).getBytes());
            assertEquals(0, await(c.read(si, i, 100_000, 10)).length());
            assertArrayEquals(share, await(c.read(si, i, 0, 200_000)).getBytes());
            assertEquals(404, ((GbsException) awaitFailure(c.read(si, 99, 0, 10))).status());

            // leases: renew the existing one, add one with other secrets
            await(c.addLease(si, renew, cancel));
            byte[] renew2 = bytes(32, 77);
            await(c.addLease(si, renew2, bytes(32, 78)));
            List<ShareFile.Lease> leases = leasesOf(grid.node(i), si, i);
            assertEquals(2, leases.size());
            assertArrayEquals(renew, leases.get(0).renewSecret());
            assertTrue(leases.get(0).expirySeconds() > System.currentTimeMillis() / 1000 + 30L * 86400);
            assertEquals(404, ((GbsException) awaitFailure(c.addLease(si(99), renew, cancel))).status());

            // advise corrupt
            await(c.adviseCorrupt(si, i, "bad block 3"));
            assertEquals(404, ((GbsException) awaitFailure(c.adviseCorrupt(si, 77, "x"))).status());
        }
    }

    static List<ShareFile.Lease> leasesOf(StorageNode node, byte[] si, int shnum) throws Exception {
        String s = org.lafs.format.Base32.encode(si);
        try (ShareFile f = ShareFile.open(node.dir().resolve("storage/shares").resolve(s.substring(0, 2)).resolve(s)
                .resolve(Integer.toString(shnum)), false)) {
            return f.leases();
        }
    }

    @Test
    void conflictingWriteGets409AndIdenticalRewriteIsAccepted() {
        GbsClient c = clients.get(0);
        byte[] si = si(2);
        byte[] up = LeaseSecrets.randomUploadSecret();
        byte[] share = bytes(1000, 5);
        await(c.allocate(si, bytes(32, 1), bytes(32, 2), up, Set.of(0), share.length));
        await(c.write(si, 0, up, 0, Buffer.buffer(share).slice(0, 600)));
        // identical rewrite overlapping written bytes: accepted
        WriteResult r = await(c.write(si, 0, up, 100, Buffer.buffer(share).slice(100, 700)));
        assertEquals(List.of(new ByteRange(700, 1000)), r.required());
        // a differing byte in an already written range: 409
        byte[] bad = java.util.Arrays.copyOfRange(share, 500, 800);
        bad[50] ^= 1;
        GbsException e = (GbsException) awaitFailure(c.write(si, 0, up, 500, Buffer.buffer(bad)));
        assertEquals(409, e.status());
        assertFalse(e.retryable());
        // wrong upload secret: 401; unknown share: 404; beyond the allocated size: 416
        assertEquals(401, ((GbsException) awaitFailure(c.write(si, 0, bytes(20, 9), 700, Buffer.buffer(share).slice(700, 800)))).status());
        assertEquals(404, ((GbsException) awaitFailure(c.write(si, 1, up, 0, Buffer.buffer(new byte[1])))).status());
        assertEquals(416, ((GbsException) awaitFailure(c.write(si, 0, up, 900, Buffer.buffer(new byte[200])))).status());
        assertEquals(201, await(c.write(si, 0, up, 700, Buffer.buffer(share).slice(700, 1000))).complete() ? 201 : 200);
        assertArrayEquals(share, await(c.read(si, 0, 0, 1000)).getBytes());
        // after completion, a retried last chunk is 404 (spec 3.3)
        assertEquals(404, ((GbsException) awaitFailure(c.write(si, 0, up, 700, Buffer.buffer(share).slice(700, 1000)))).status());
    }

    /**
     * The files that name the swissnum (the storage capability) and the private directory are
     * owner-only (issue 13 item 4: they were 0644 and 0755), also when an older version left them
     * readable.
     */
    @Test
    void secretFilesAreOwnerOnly(@TempDir Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("private"));
        java.nio.file.Files.setPosixFilePermissions(dir.resolve("private"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        StorageNode node = await(StorageNode.start(vertx, NodeConfig.of(dir)));
        try {
            for (String f : List.of("storage.nurl", "storage.furl", "private/node.pem", "private/swissnum")) {
                assertEquals("rw-------", perms(dir.resolve(f)), f);
            }
            assertEquals("rwx------", perms(dir.resolve("private")));
        } finally {
            await(node.close());
        }
    }

    private static String perms(Path p) throws java.io.IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(p));
    }

    @Test
    void partialUploadSurvivesRestart(@TempDir Path dir) {
        StorageNode node = await(StorageNode.start(vertx, NodeConfig.of(dir)));
        byte[] si = si(3);
        byte[] up = LeaseSecrets.randomUploadSecret();
        byte[] share = bytes(300_000, 6);
        Nurl firstNurl = node.nurl();
        try (GbsClient c = GbsClient.create(vertx, firstNurl)) {
            await(c.allocate(si, bytes(32, 1), bytes(32, 2), up, Set.of(3), share.length));
            await(c.write(si, 3, up, 0, Buffer.buffer(share).slice(0, 200_000)));
        }
        await(node.close());
        StorageNode again = await(StorageNode.start(vertx, NodeConfig.of(dir)));
        try (GbsClient c = GbsClient.create(vertx, again.nurl())) {
            assertEquals(firstNurl.spkiHash(), again.nurl().spkiHash(), "identity persists");
            assertEquals(firstNurl.swissnum(), again.nurl().swissnum());
            assertEquals(Set.of(), await(c.listShares(si)));
            // the old upload secret still works and the server still knows what is missing
            WriteResult r = await(c.write(si, 3, up, 150_000, Buffer.buffer(share).slice(150_000, 250_000)));
            assertEquals(List.of(new ByteRange(250_000, 300_000)), r.required());
            assertTrue(await(c.write(si, 3, up, 250_000, Buffer.buffer(share).slice(250_000, 300_000))).complete());
            assertArrayEquals(share, await(c.read(si, 3, 0, 300_000)).getBytes());
        } finally {
            await(again.close());
        }
    }

    @Test
    void wrongPinIsRefused() {
        Nurl real = grid.node(0).nurl();
        Nurl wrong = new Nurl("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", real.host(), real.port(), real.swissnum(), false);
        try (GbsClient c = GbsClient.create(vertx, wrong, GbsClientOptions.defaults().withGetAttempts(1))) {
            long before = grid.node(0).stats().requests();
            Throwable t = awaitFailure(c.version());
            GbsException e = assertInstanceOf(GbsException.class, t);
            assertEquals(0, e.status());
            assertFalse(e.retryable());
            assertEquals(before, grid.node(0).stats().requests(), "no request reached the server");
        }
    }

    @Test
    void spaceShortSharesAreLeftOut(@TempDir Path dir) {
        StorageNode node = await(StorageNode.start(vertx, NodeConfig.of(dir)));
        try (GbsClient c = GbsClient.create(vertx, node.nurl())) {
            VersionInfo v = await(c.version());
            long half = v.availableSpace() / 2 + 1;
            AllocateResult r = await(c.allocate(si(4), bytes(32, 1), bytes(32, 2), bytes(20, 3), Set.of(0, 1), half));
            assertEquals(1, r.allocated().size(), "the second share would exceed free space minus promised space");
            AllocateResult huge = await(c.allocate(si(5), bytes(32, 1), bytes(32, 2), bytes(20, 3), Set.of(0), Long.MAX_VALUE));
            assertEquals(Set.of(), huge.allocated());
        } finally {
            await(node.close());
        }
    }

    @Test
    void idleUploadsAreAborted(@TempDir Path dir) {
        StorageNode node = await(StorageNode.start(vertx, NodeConfig.of(dir).withUploadIdleTimeout(java.time.Duration.ofMillis(200))));
        try (GbsClient c = GbsClient.create(vertx, node.nurl())) {
            byte[] up = bytes(20, 3);
            assertEquals(Set.of(0), await(c.allocate(si(6), bytes(32, 1), bytes(32, 2), up, Set.of(0), 100)).allocated());
            // probe with a wrong upload secret: 401 while the slot is open, 404 once aborted;
            // unlike a write it does not count as activity
            TestSupport.waitFor(() -> {
                Throwable t = awaitFailure(c.abort(si(6), 0, bytes(20, 4)));
                return t instanceof GbsException g && g.status() == 404;
            }, "idle upload to be aborted");
        } finally {
            await(node.close());
        }
    }
}
