package org.lafs.chk.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.share.ShareLayout;
import org.lafs.format.TaggedHash;

/**
 * The file-backed hash store builds, level by level on disk, exactly the trees, UEB and
 * trailers the heap store builds: segment counts of one, odd, a power of two, and past the
 * 2048-hash read step (so a level is read in several pieces).
 */
class FileSegmentHashesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} segments")
    @ValueSource(ints = {1, 2, 3, 5, 64, 2048, 4099})
    void sameTrailersAsTheHeapStore(int segments) {
        FileGeometry g = new EncodingParameters(3, 7, 10, 3).geometry(3L * segments);
        assertEquals(segments, g.numSegments());
        ShareLayout layout = ShareLayout.of(g);
        Random r = new Random(segments);
        SegmentHashes heap = new SegmentHashes(g);
        Path file = dir.resolve("x.hashes");
        FileSegmentHashes onDisk = new FileSegmentHashes(g, file);
        for (int s = segments - 1; s >= 0; s--) { // any order, as encode workers finish
            byte[] seg = new byte[32];
            r.nextBytes(seg);
            byte[][] blocks = new byte[10][32];
            for (byte[] b : blocks) {
                r.nextBytes(b);
            }
            heap.add(s, seg, blocks);
            onDisk.add(s, seg, blocks);
        }
        assertTrue(onDisk.isComplete());
        byte[] crypttextHash = TaggedHash.sha256().digest(new byte[] {1});
        ShareTrailers expected = heap.finish(crypttextHash, layout);
        ShareTrailers actual = onDisk.finish(crypttextHash, layout);
        assertArrayEquals(expected.uebHash(), actual.uebHash());
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(expected.trailer(i), actual.trailer(i), "share " + i);
        }
        onDisk.close();
        assertFalse(Files.exists(file));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {-1, 7})
    void badIndexesAndRepeatsAreRefused(int index) {
        FileGeometry g = new EncodingParameters(3, 7, 10, 3).geometry(21);
        FileSegmentHashes h = new FileSegmentHashes(g, dir.resolve("y.hashes"));
        byte[][] blocks = new byte[10][32];
        assertThrows(IllegalArgumentException.class, () -> h.add(index, new byte[32], blocks));
        h.add(0, new byte[32], blocks);
        assertThrows(IllegalArgumentException.class, () -> h.add(0, new byte[32], blocks));
        assertFalse(h.isComplete());
        assertThrows(IllegalStateException.class, () -> h.finish(new byte[32], ShareLayout.of(g)));
        h.close();
    }
}
