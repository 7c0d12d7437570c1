package org.lafs.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.EncodingParameters;
import org.lafs.placement.PlacementException;
import org.lafs.storage.Fault;
import org.lafs.storage.FaultPolicy;
import org.lafs.storage.NodeConfig;

/** When servers of happiness cannot be met, the error says how many servers could be used and why. */
class PipelineHappinessTest {
    private static final EncodingParameters P = new EncodingParameters(3, 7, 10, 131072);

    @Test
    void tooFewServers(@TempDir Path dir) {
        byte[] data = GridFixture.random(100_000, 21);
        try (GridFixture f = GridFixture.start(dir, 5)) {
            PlacementException e = assertThrows(PlacementException.class, () -> f.pipeline(UploadOptions.DEFAULTS)
                    .upload(f.request(GridFixture.si(21), P, GridFixture.source(data), new MemoryUploadJournal())).await());
            assertEquals("only 5 of the 7 servers needed are reachable and writable: 5 servers known, "
                    + "0 refused (full), 0 unreachable", e.getMessage());
        }
    }

    @Test
    void fullAndUnreachableServersAreCounted(@TempDir Path dir) {
        byte[] data = GridFixture.random(100_000, 22);
        byte[] si = GridFixture.si(22);
        Set<Integer> full = Set.of(1, 4, 7);
        try (GridFixture f = GridFixture.startWith(dir, 10, i -> full.contains(i)
                ? NodeConfig.of(dir.resolve("node-" + i)).withReservedSpace(Long.MAX_VALUE / 2)
                : NodeConfig.of(dir.resolve("node-" + i)))) {
            for (int i : new int[] {2, 5, 8}) {
                f.grid.node(i).faultPolicy(FaultPolicy.always(null, ".*", Fault.disconnect()));
            }
            PlacementException e = assertThrows(PlacementException.class, () -> f.pipeline(UploadOptions.DEFAULTS)
                    .upload(f.request(si, P, GridFixture.source(data), new MemoryUploadJournal())).await());
            assertEquals("only 4 of the 7 servers needed are reachable and writable: 10 servers known, "
                    + "3 refused (full), 3 unreachable", e.getMessage());
            assertEquals(4, e.achieved());
            // the slots opened on the 4 good servers were aborted: a less demanding upload of the
            // same storage index can take the same share numbers there at once
            UploadResult r = f.pipeline(UploadOptions.DEFAULTS).upload(f.request(si, new EncodingParameters(3, 4, 10, 131072),
                    GridFixture.source(data), new MemoryUploadJournal())).await();
            assertEquals(4, r.happiness());
            assertEquals(10, r.pushedShares());
        }
    }
}
