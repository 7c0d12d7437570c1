package org.lafs.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lafs.chk.EncodingParameters;
import org.lafs.storage.StorageNode;

/**
 * The pipeline window bounds what each server sees outstanding: never more than the window,
 * except a single write larger than the window (sent alone); 0 is stop-and-wait.
 */
class PipelineWindowTest {
    /** 30,000-byte segments, 3-of-6: 10,000-byte blocks, one share per node. */
    private static final EncodingParameters P = new EncodingParameters(3, 6, 6, 30_000);
    private static final int BLOCK = 10_000;

    @ParameterizedTest(name = "window {0}")
    @ValueSource(ints = {0, 20_000, 50_000})
    void serversNeverSeeMoreThanTheWindowOutstanding(int window, @TempDir Path dir) {
        byte[] data = GridFixture.random(300_000, window);
        byte[] si = GridFixture.si(window);
        GridFixture.Offline offline = GridFixture.offline(data, P);
        try (GridFixture f = GridFixture.start(dir, 6)) {
            UploadResult r = f.pipeline(UploadOptions.DEFAULTS.withWindowBytes(window).withSegmentsInFlight(4))
                    .upload(f.request(si, P, GridFixture.source(data), new MemoryUploadJournal())).await();
            assertArrayEquals(offline.result().uebHash(), r.uebHash());
            long trailer = offline.result().layout().trailerSize();
            long bound = Math.max(window, Math.max(BLOCK, trailer));
            for (StorageNode node : f.grid.nodes()) {
                long max = node.stats().maxPatchBytesOutstanding();
                assertTrue(max > 0 && max <= bound, node.serverId() + " saw " + max + " bytes outstanding; bound " + bound);
                if (window == 0) {
                    assertTrue(max <= Math.max(BLOCK, trailer), "stop-and-wait sends one write at a time");
                }
            }
        }
    }
}
