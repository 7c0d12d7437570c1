package org.lafs.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The journal's records survive their byte encoding, reject garbage, and hide secrets. */
class JournalRecordsTest {

    private static byte[] filled(int len, int value) {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static SavedPlacement placement() {
        return new SavedPlacement(702565,
                new TreeMap<>(Map.of(0, "v0-aaa", 1, "v0-bbb", 2, "v0-aaa")),
                Map.of("v0-aaa", filled(20, 1), "v0-bbb", filled(20, 2)),
                new TreeSet<>(Set.of(1)),
                new TreeMap<>(Map.of(5, Set.of("v0-ccc", "v0-ddd"))));
    }

    @Test
    void savedPlacementRoundTrips() {
        SavedPlacement p = placement();
        SavedPlacement back = SavedPlacement.fromBytes(p.toBytes());
        assertEquals(p, back);
        assertArrayEquals(filled(20, 2), back.uploadSecret("v0-bbb"));
        assertEquals(Set.of(1), back.rewriteFromStart());
    }

    @Test
    void savedPlacementHidesSecrets() {
        String text = placement().toString();
        assertTrue(text.contains("redacted"), text);
        assertFalse(text.contains("[1, 1, 1"), text);
    }

    @Test
    void savedPlacementNeedsASecretPerServer() {
        assertThrows(IllegalArgumentException.class, () -> new SavedPlacement(10, new TreeMap<>(Map.of(0, "x")),
                Map.of(), new TreeSet<>(), new TreeMap<>()));
    }

    @Test
    void savedPlacementRejectsGarbage() {
        byte[] good = placement().toBytes();
        assertThrows(IllegalArgumentException.class, () -> SavedPlacement.fromBytes(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> SavedPlacement.fromBytes(Arrays.copyOf(good, good.length - 1)));
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThrows(IllegalArgumentException.class, () -> SavedPlacement.fromBytes(longer));
        byte[] wrongFormat = good.clone();
        wrongFormat[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> SavedPlacement.fromBytes(wrongFormat));
    }

    @Test
    void segmentRecordRoundTrips() {
        byte[][] blocks = new byte[10][];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = filled(32, i);
        }
        SegmentRecord r = new SegmentRecord(filled(32, 99), blocks);
        byte[] bytes = r.toBytes();
        assertEquals(2 + 32 * 11, bytes.length);
        SegmentRecord back = SegmentRecord.fromBytes(bytes);
        assertEquals(r, back);
        assertArrayEquals(filled(32, 7), back.blockHashes()[7]);
        assertThrows(IllegalArgumentException.class, () -> SegmentRecord.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> new SegmentRecord(new byte[31], blocks));
    }

    @Test
    void memoryJournalKeepsOrder() {
        MemoryUploadJournal j = new MemoryUploadJournal();
        byte[][] one = {filled(32, 1)};
        j.saveSegment(0, new SegmentRecord(filled(32, 0), one));
        assertThrows(IllegalStateException.class, () -> j.saveSegment(2, new SegmentRecord(filled(32, 0), one)));
        assertEquals(1, j.segmentsAcknowledged());
    }
}
