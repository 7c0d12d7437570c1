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

    /**
     * The write batch is sized in bytes ({@link UploadOptions#writeBytes()}): the segments per
     * write follow from the block size, at least one, at most {@code segmentsPerWrite}. With 1 MiB
     * segments a count of 8 had held ~66 MB per 3-of-10 upload (docs/helper-design.md).
     */
    @ParameterizedTest(name = "{0}-byte segments, write target {1}: {2} segments per write")
    @CsvSource({"30000, 25000, 2", "30000, 45000, 4", "30000, 0, 4", "300000, 25000, 1", "300000, 1000000, 4"})
    void theWriteBatchFollowsTheBlockSize(int segment, int writeBytes, int expectedPerWrite, @TempDir Path dir) {
        EncodingParameters p = new EncodingParameters(3, 6, 6, segment);
        int block = segment / 3;
        byte[] data = GridFixture.random(10 * segment, segment + writeBytes);
        byte[] si = GridFixture.si(segment + writeBytes + 1);
        UploadOptions options = UploadOptions.DEFAULTS.withSegmentsPerWrite(4).withWriteBytes(writeBytes);
        assertTrue(options.segmentsPerWrite(block) == expectedPerWrite, "options give " + options.segmentsPerWrite(block));
        GridFixture.Offline offline = GridFixture.offline(data, p);
        try (GridFixture f = GridFixture.start(dir, 6)) {
            UploadResult r = f.pipeline(options).upload(f.request(si, p, GridFixture.source(data), new MemoryUploadJournal())).await();
            assertArrayEquals(offline.result().uebHash(), r.uebHash());
            long blockWrites = (10 + expectedPerWrite - 1) / expectedPerWrite;
            for (StorageNode node : f.grid.nodes()) {
                long requests = node.stats().requests();
                // header, block writes, trailer, plus allocate/list calls (as above)
                assertTrue(requests <= blockWrites + 6 && requests >= blockWrites + 2,
                        node.serverId() + " got " + requests + " requests for " + blockWrites + " block writes");
                long trailer = offline.result().layout().trailerSize();
                long bound = UploadOptions.DEFAULT_WINDOW_BYTES + Math.max((long) expectedPerWrite * block, trailer);
                assertTrue(node.stats().maxPatchBytesOutstanding() <= bound, node.serverId() + " saw "
                        + node.stats().maxPatchBytesOutstanding() + " bytes outstanding; bound " + bound);
            }
        }
    }
}
