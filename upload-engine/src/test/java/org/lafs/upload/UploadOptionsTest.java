package org.lafs.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The write batch in segments, from the target write size and the block size. */
class UploadOptionsTest {
    private static final UploadOptions D = UploadOptions.DEFAULTS;

    @Test
    void defaultsKeepEightSegmentsPerWriteFor128KiBSegmentsOf3Of10() {
        int block = (131_072 + 2) / 3; // 43,691
        assertEquals(8, D.segmentsPerWrite(block));
        assertEquals(10, D.segmentsInFlight(block));
    }

    @Test
    void oneMiBSegmentsGoOnePerWrite() {
        int block = (1_048_576 + 2) / 3; // 349,526: one block is already the target write
        assertEquals(1, D.segmentsPerWrite(block));
        assertEquals(3, D.segmentsInFlight(block));
        assertEquals(1, D.segmentsPerWrite(1_000_000), "never fewer than one");
    }

    @Test
    void theCountStaysAnUpperBound() {
        assertEquals(2, D.segmentsPerWrite(131_072), "1-of-3, 128 KiB: two blocks fit 350 KB");
        assertEquals(8, D.segmentsPerWrite(26_215), "5-of-20: 13 would fit, the count caps at 8");
        assertEquals(3, D.withSegmentsPerWrite(3).segmentsPerWrite(1_000));
    }

    @Test
    void withoutAByteTargetTheCountIsTheBatch() {
        UploadOptions o = D.withWriteBytes(0);
        assertEquals(8, o.segmentsPerWrite(349_526));
        assertEquals(10, o.segmentsInFlight(349_526));
        assertEquals(0, new UploadOptions(50_000, 6, 1_000_000, 4, 4).writeBytes());
        assertThrows(IllegalArgumentException.class, () -> D.withWriteBytes(-1));
    }
}
