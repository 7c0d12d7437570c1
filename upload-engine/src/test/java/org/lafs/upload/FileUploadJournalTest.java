package org.lafs.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file journal on a real file: survives reopening, ignores a torn tail, keeps order. */
class FileUploadJournalTest {

    private static SegmentRecord record(int seed, int n) {
        byte[][] blocks = new byte[n][32];
        for (int i = 0; i < n; i++) {
            Arrays.fill(blocks[i], (byte) (seed + i));
        }
        byte[] seg = new byte[32];
        Arrays.fill(seg, (byte) seed);
        return new SegmentRecord(seg, blocks);
    }

    @Test
    void survivesReopen(@TempDir Path dir) throws Exception {
        FileUploadJournal j = new FileUploadJournal(dir.resolve("journal"), 10);
        assertTrue(j.placement().isEmpty());
        SavedPlacement p = new SavedPlacement(1234, new TreeMap<>(Map.of(0, "a")), Map.of("a", new byte[] {1, 2}),
                new TreeSet<>(), new TreeMap<>());
        j.savePlacement(p);
        j.saveSegment(0, record(1, 10));
        j.saveSegment(1, record(2, 10));
        assertThrows(IllegalStateException.class, () -> j.saveSegment(3, record(3, 10)));
        assertThrows(IllegalArgumentException.class, () -> j.saveSegment(2, record(3, 4)));

        FileUploadJournal again = new FileUploadJournal(dir.resolve("journal"), 10);
        assertEquals(p, again.placement().orElseThrow());
        assertEquals(2, again.segmentsAcknowledged());
        assertEquals(record(2, 10), again.segment(1));
        assertThrows(IndexOutOfBoundsException.class, () -> again.segment(2));
    }

    @Test
    void tornLastRecordIsDropped(@TempDir Path dir) throws Exception {
        FileUploadJournal j = new FileUploadJournal(dir.resolve("journal"), 3);
        j.saveSegment(0, record(1, 3));
        Files.write(dir.resolve("journal"), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        FileUploadJournal again = new FileUploadJournal(dir.resolve("journal"), 3);
        assertEquals(1, again.segmentsAcknowledged());
        again.saveSegment(1, record(2, 3));
        assertEquals(record(2, 3), new FileUploadJournal(dir.resolve("journal"), 3).segment(1));
    }

    @Test
    void resultIsRemembered(@TempDir Path dir) throws Exception {
        FileUploadJournal j = new FileUploadJournal(dir.resolve("journal"), 1);
        byte[] ueb = new byte[32];
        ueb[0] = 7;
        UploadResult r = new UploadResult(56, ueb, new byte[] {1}, new TreeMap<>(Map.of(0, Set.of("a"))), new TreeMap<>(),
                1, 531, 56, new UploadResult.Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        j.saveResult(r);
        assertArrayEquals(ueb, new FileUploadJournal(dir.resolve("journal"), 1).resultUebHash().orElseThrow());
    }
}
