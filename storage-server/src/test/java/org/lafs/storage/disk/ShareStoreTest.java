package org.lafs.storage.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.gbs.ByteRange;

/** The disk store on its own: reserved space, lease expiry, restart of open uploads. */
class ShareStoreTest {
    static final long DAY = 86_400_000L;
    static final String SI = "aaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final byte[] R = new byte[32];
    static final byte[] C = new byte[32];
    static final byte[] U = {1, 2, 3};

    @Test
    void reservedSpaceRefusesAllocations(@TempDir Path dir) throws Exception {
        try (ShareStore s = new ShareStore(dir, Long.MAX_VALUE / 2, 0)) {
            assertEquals(0, s.availableSpace());
            assertEquals(Set.of(), s.allocate(SI, R, C, U, Set.of(0, 1), 10, 0).allocated());
            assertEquals(0, s.openUploads());
        }
    }

    @Test
    void expiredLeasesAreCollected(@TempDir Path dir) throws Exception {
        long now = 1_700_000_000_000L;
        try (ShareStore s = new ShareStore(dir, 0, now)) {
            s.allocate(SI, R, C, U, Set.of(0), 4, now);
            s.write(SI, 0, U, 0, new byte[] {9, 8, 7, 6}, now);
            assertEquals(ShareStore.Status.COMPLETE, s.finishWrite(SI, 0).status());
            byte[] renew2 = new byte[32];
            renew2[0] = 1;
            s.addLease(SI, renew2, C, now + 10 * DAY); // second lease runs 10 days longer
            assertEquals(2, s.leases(SI, 0).size());
            assertEquals(0, s.collectExpired(now + 32 * DAY));
            assertEquals(1, s.leases(SI, 0).size());
            assertNotNull(s.sharePath(SI, 0));
            assertEquals(1, s.collectExpired(now + 42 * DAY));
            assertNull(s.sharePath(SI, 0));
            assertEquals(Set.of(), s.listShares(SI));
        }
    }

    @Test
    void openUploadSurvivesReopen(@TempDir Path dir) throws Exception {
        try (ShareStore s = new ShareStore(dir, 0, 0)) {
            s.allocate(SI, R, C, U, Set.of(5), 10, 0);
            s.write(SI, 5, U, 2, new byte[] {1, 2, 3}, 0);
            s.finishWrite(SI, 5);
        }
        try (ShareStore s = new ShareStore(dir, 0, 0)) {
            assertEquals(1, s.openUploads());
            assertEquals(10, s.promisedSpace());
            assertEquals(ShareStore.Status.UNAUTHORIZED, s.lookup(SI, 5, new byte[] {9}));
            assertEquals(List.of(new ByteRange(0, 2), new ByteRange(5, 10)), s.required(SI, 5));
            assertEquals(ShareStore.Status.CONFLICT, s.write(SI, 5, U, 2, new byte[] {1, 2, 4}, 0).status());
            s.write(SI, 5, U, 0, new byte[] {7, 7, 1, 2, 3, 7, 7, 7, 7, 7}, 0);
            assertEquals(ShareStore.Status.COMPLETE, s.finishWrite(SI, 5).status());
            try (ShareFile f = ShareFile.open(s.sharePath(SI, 5), false)) {
                assertArrayEquals(new byte[] {7, 7, 1, 2, 3, 7, 7, 7, 7, 7}, f.read(0, 100));
            }
        }
    }
}
