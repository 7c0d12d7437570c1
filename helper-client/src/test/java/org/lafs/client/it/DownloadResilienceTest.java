package org.lafs.client.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.cap.ChkCap;
import org.lafs.client.CheckReport;
import org.lafs.client.DownloadReport;
import org.lafs.client.LafsClient;
import org.lafs.client.LafsException;
import org.lafs.client.ProgressListener;

/** Missing and corrupt shares on real storage servers: correct bytes or a clean failure, advise-corrupt sent. */
@Timeout(300)
class DownloadResilienceTest {
    /** Storage servers keep a 12-byte container header before the share (Tahoe's layout). */
    static final int CONTAINER_HEADER = 12;

    @TempDir
    Path dir;
    TestGrid grid;
    LafsClient client;
    byte[] plain;
    ChkCap cap;

    @BeforeEach
    void upload() throws Exception {
        grid = TestGrid.start(dir.resolve("grid"));
        client = new LafsClient(ClientNodes.config(ClientNodes.node(dir.resolve("node"), grid, null)));
        plain = new byte[5 * 131072 + 77];
        new java.util.Random(5).nextBytes(plain);
        Path f = dir.resolve("f");
        Files.write(f, plain);
        cap = (ChkCap) client.upload(f, ProgressListener.NONE).cap();
        assertEquals(10, grid.shareFiles(cap.storageIndex()).size());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        grid.close();
    }

    private byte[] get() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.download(cap, out, ProgressListener.NONE);
        return out.toByteArray();
    }

    @Test
    void survivesNMinusKMissingShares() throws Exception {
        List<Path> shares = grid.shareFiles(cap.storageIndex());
        for (int i = 0; i < 7; i++) {
            Files.delete(shares.get(i));
        }
        assertArrayEquals(plain, get());
        CheckReport r = client.check(cap, true);
        assertEquals(3, r.goodShares());
        assertTrue(r.recoverable() && !r.healthy());
        Files.delete(shares.get(7));
        LafsException e = assertThrows(LafsException.class, this::get);
        assertEquals(LafsException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    void corruptShareIsDetectedReportedAndSkipped() throws Exception {
        // learn which shares a download uses, keep those plus one spare (6 = N - k - 1 missing),
        // then corrupt one of the used ones: the download must switch to the spare and report it
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        DownloadReport before = client.download(cap, first, ProgressListener.NONE);
        List<Path> keep = new java.util.ArrayList<>();
        for (String used : before.sharesUsed()) {
            String[] p = used.split("@", 2);
            keep.add(grid.shareFile(cap.storageIndex(), p[1], Integer.parseInt(p[0])));
        }
        int spare = 0;
        for (Path share : grid.shareFiles(cap.storageIndex())) {
            if (!keep.contains(share) && spare++ > 0) {
                Files.delete(share);
            }
        }
        assertEquals(4, grid.shareFiles(cap.storageIndex()).size());
        flip(keep.get(0), CONTAINER_HEADER + 0x24 + 1000); // in its block of segment 0
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DownloadReport r = client.download(cap, out, ProgressListener.NONE);
        assertArrayEquals(plain, out.toByteArray());
        assertEquals(1, r.corruptShares().size(), r.toString());
        assertTrue(r.corruptShares().get(0).startsWith(before.sharesUsed().get(0)), r.toString());
        assertEquals(1, grid.advisories(), "advise-corrupt reached the server");
        CheckReport c = client.check(cap, true);
        assertEquals(3, c.goodShares());
        assertEquals(1, c.corrupt().size());
    }

    @Test
    void slowServerIsSwitchedAway() throws Exception {
        // every share read on the server holding the first share in use stalls; a short read
        // timeout makes the downloader use another share instead of waiting
        for (var node : grid.grid.nodes()) {
            node.faultPolicy(org.lafs.storage.FaultPolicy.always(io.vertx.core.http.HttpMethod.GET,
                    "/storage/v1/immutable/[a-z2-7]{26}/[0-9]+", node == grid.grid.node(0)
                            ? org.lafs.storage.Fault.stall() : org.lafs.storage.Fault.NONE));
        }
        try (LafsClient quick = new LafsClient(ClientNodes.config(dir.resolve("node")).withReadTimeoutMillis(1500))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DownloadReport r = quick.download(cap, out, ProgressListener.NONE);
            assertArrayEquals(plain, out.toByteArray());
            assertTrue(r.sharesUsed().stream().noneMatch(s -> s.endsWith(grid.grid.node(0).serverId())), r.toString());
        } finally {
            for (var node : grid.grid.nodes()) {
                node.faultPolicy(org.lafs.storage.FaultPolicy.NONE);
            }
        }
    }

    @Test
    void rangeReadsOnlyNeedTheirSegments() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.download(cap, 131072 * 2 + 5, 1000, out, ProgressListener.NONE);
        assertArrayEquals(java.util.Arrays.copyOfRange(plain, 131072 * 2 + 5, 131072 * 2 + 1005), out.toByteArray());
    }

    static void flip(Path file, long offset) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x55)).position(0);
            ch.write(b, offset);
        }
    }
}
