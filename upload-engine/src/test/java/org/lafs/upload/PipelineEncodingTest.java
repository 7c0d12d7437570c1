package org.lafs.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lafs.chk.EncodingParameters;

/**
 * What the pipeline stores on real storage servers is exactly what offline encoding produces:
 * the same UEB hash (hence the same cap) and byte-identical shares, each share on its own
 * server, every segment journaled.
 */
class PipelineEncodingTest {

    @ParameterizedTest(name = "{0}-of-{2} happy {1}, {3} bytes, segments of {4}, window {5}, {6} nodes, writes <= {7}, hashes on disk {8}")
    @CsvSource(textBlock = """
            3, 7, 10, 1000000, 131072, 50000, 12, 1000000, false
            1, 1, 1,  56,      131072, 50000, 1,  1000000, false
            2, 3, 4,  300001,  65536,  0,     4,  1000000, true
            3, 5, 6,  200000,  8192,   20000, 6,  1000000, false
            3, 7, 10, 600000,  999,    50000, 10, 20000,   true
            """)
    void sharesEqualOfflineEncoding(int k, int happy, int n, int size, int maxSegment, int window, int nodes, int maxWrite,
                                    boolean hashesOnDisk, @TempDir Path dir) {
        EncodingParameters p = new EncodingParameters(k, happy, n, maxSegment);
        byte[] data = GridFixture.random(size, size);
        byte[] si = GridFixture.si(size);
        GridFixture.Offline offline = GridFixture.offline(data, p);
        try (GridFixture f = GridFixture.start(dir, nodes)) {
            MemoryUploadJournal journal = new MemoryUploadJournal();
            // the last row has ~600 segments: each trailer (~98 KB) goes out in 5 pieces
            UploadOptions d = UploadOptions.DEFAULTS;
            UploadRequest plain = f.request(si, p, GridFixture.source(data), journal);
            Path scratch = dir.resolve("upload.hashes");
            UploadRequest req = hashesOnDisk ? new UploadRequest(plain.storageIndex(), plain.parameters(), plain.source(),
                    plain.servers(), plain.leases(), plain.journal(), plain.listener(), scratch) : plain;
            UploadResult r = f.pipeline(new UploadOptions(window, d.segmentsInFlight(), maxWrite, d.maxPasses(), d.segmentsPerWrite()))
                    .upload(req).await();
            assertFalse(java.nio.file.Files.exists(scratch), "the hash scratch file is deleted at the end");

            assertArrayEquals(offline.result().uebHash(), r.uebHash());
            assertArrayEquals(offline.result().uebBytes(), r.uebBytes());
            assertEquals(n, r.pushedShares());
            assertEquals(0, r.preexistingShares());
            assertEquals(Math.min(n, nodes), r.happiness());
            assertEquals(p.geometry(size).numSegments(), journal.segmentsAcknowledged());
            assertTrue(journal.result().isPresent());
            int allocated = (int) offline.result().layout().allocatedSize();
            for (Map.Entry<Integer, Set<String>> e : r.sharemap().entrySet()) {
                assertEquals(1, e.getValue().size());
                int node = f.node(e.getValue().iterator().next());
                assertArrayEquals(offline.shares().get(e.getKey()), f.readShare(node, si, e.getKey(), allocated),
                        "share " + e.getKey());
            }
            assertEquals((long) n * allocated, r.bytesPushed());
        }
    }
}
