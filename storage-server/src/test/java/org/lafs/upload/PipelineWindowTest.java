package org.lafs.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lafs.chk.EncodingParameters;
import org.lafs.storage.StorageNode;

/**
 * The pipeline window bounds what each server sees outstanding: less than the window plus one
 * write (Tahoe's pipeline semantics, see ServerWindow); 0 is stop-and-wait. One write carries
 * the blocks of up to {@code segmentsPerWrite} segments (1 = Tahoe 1.5's one block per write).
 */
class PipelineWindowTest {
    /** 30,000-byte segments, 3-of-6: 10,000-byte blocks, one share per node. */
    private static final EncodingParameters P = new EncodingParameters(3, 6, 6, 30_000);
    private static final int BLOCK = 10_000;

    @ParameterizedTest(name = "window {0}, {1} segments per write")
    @CsvSource({"0, 1", "20000, 1", "50000, 1", "0, 4", "20000, 4", "50000, 4"})
    void serversNeverSeeMoreThanTheWindowPlusOneWriteOutstanding(int window, int perWrite, @TempDir Path dir) {
        byte[] data = GridFixture.random(300_000, window + perWrite);
        byte[] si = GridFixture.si(window + perWrite);
        GridFixture.Offline offline = GridFixture.offline(data, P);
        try (GridFixture f = GridFixture.start(dir, 6)) {
            UploadResult r = f.pipeline(UploadOptions.DEFAULTS.withWindowBytes(window).withSegmentsPerWrite(perWrite))
                    .upload(f.request(si, P, GridFixture.source(data), new MemoryUploadJournal())).await();
            assertArrayEquals(offline.result().uebHash(), r.uebHash());
            long trailer = offline.result().layout().trailerSize();
            long write = (long) perWrite * BLOCK;
            long bound = window + Math.max(write, trailer);
            for (StorageNode node : f.grid.nodes()) {
                long max = node.stats().maxPatchBytesOutstanding();
                assertTrue(max > 0 && max <= bound, node.serverId() + " saw " + max + " bytes outstanding; bound " + bound);
                if (window == 0) {
                    assertTrue(max <= Math.max(write, trailer), "stop-and-wait sends one write at a time");
                }
                // 10 segments: header + ceil(10 / perWrite) block writes + trailer, plus allocate/list calls
                long blockWrites = (10 + perWrite - 1) / perWrite;
                long requests = node.stats().requests();
                assertTrue(requests <= blockWrites + 6, node.serverId() + " got " + requests + " requests for "
                        + blockWrites + " block writes");
                assertTrue(requests >= blockWrites + 2, node.serverId() + " got only " + requests + " requests");
            }
        }
    }
}
