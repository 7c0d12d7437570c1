package org.lafs.loadtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lafs.loadtest.UsageException;

class SizesTest {
    @Test
    void parsesSuffixesAndLists() {
        assertEquals(1L << 30, Sizes.parse("x", "1GiB", 0, Long.MAX_VALUE));
        assertEquals(1_000_000_000L, Sizes.parse("x", "1G", 0, Long.MAX_VALUE));
        assertEquals(64 << 10, Sizes.parse("x", "64KiB", 0, Long.MAX_VALUE));
        assertEquals(64_000, Sizes.parse("x", "64k", 0, Long.MAX_VALUE));
        assertEquals(1_000_000, Sizes.parse("x", "1000000", 0, Long.MAX_VALUE));
        assertEquals(List.of(1L << 20, 100_000_000L), Sizes.list("x", "1MiB,100M", 0, Long.MAX_VALUE, 4));
        assertEquals(2, Sizes.codes("1/3,5/20").size());
        assertEquals("100 MiB", Sizes.human(100L << 20));
    }

    @Test
    void rejectsBadInputWithUsageErrors() {
        assertThrows(UsageException.class, () -> Sizes.parse("x", "12Q", 0, 100));
        assertThrows(UsageException.class, () -> Sizes.parse("x", "1G", 0, 100));
        assertThrows(UsageException.class, () -> Sizes.parse("x", "99999999999999G", 0, Long.MAX_VALUE));
        assertThrows(UsageException.class, () -> Sizes.list("x", "1,2,3", 0, 10, 2));
        assertThrows(UsageException.class, () -> Sizes.codes("3/2"));
        assertThrows(UsageException.class, () -> Sizes.codes("3"));
        assertThrows(UsageException.class, () -> Sizes.codes("a/b"));
    }

    @Test
    void memoryFormulaMatchesTheDocumentedExample() {
        // 3-of-10, 128 KiB + 1 segments: B = 43691; one segment = 131073 + 7 x 43691 = 436910 bytes.
        // Defaults F = 6, G = 4, W = 50000: U = ceil((50000 + 4 x 43691) / 43691) = 6 -> 12 segments.
        assertEquals(12L * 436910, MemoryScenario.pipeline(131073, 3, 10, 50000, 6, 4));
        // Tahoe 1.5 settings (one block per write, 3 in flight): U = ceil(93691 / 43691) = 3 -> 6 segments
        assertEquals(6L * 436910, MemoryScenario.pipeline(131073, 3, 10, 50000, 3, 1));
        // stop-and-wait: a server holds one write of G segments
        assertEquals((6L + 4) * 436910, MemoryScenario.pipeline(131073, 3, 10, 0, 6, 4));
        // 1 GiB: + (10 + 1) bits x 8192 segments of BitSets + 768 KiB of ingest buffers
        long gib = 1L << 30;
        assertEquals(12L * 436910 + 11 * 8192 / 8 + (768 << 10), MemoryScenario.formula(gib, 131073, 3, 10, 50000, 6, 4));
        // a file smaller than the ingest buffers holds at most itself there
        assertEquals(MemoryScenario.pipeline(1002, 3, 10, 50000, 6, 4) + 2 + 1000,
                MemoryScenario.formula(1000, 1002, 3, 10, 50000, 6, 4));
        // today's defaults (F <= 10, G <= 8, 349,528-byte writes) at 128 KiB: 8 per write, 20 segments = 8.3 MiB
        assertEquals(20L * 436910, MemoryScenario.pipeline(131073, 3, 10, 50000, 10, 8));
        // 1 MiB segments (stock Tahoe 1.20): B = 349526, one segment per write, F = 3,
        // U = ceil((50000 + 349526) / 349526) = 2; one segment = 1048576 + 7 x 349526 = 3495258 bytes
        assertEquals(5L * 3495258, MemoryScenario.pipeline(1048576, 3, 10, 50000, 10, 8));
    }
}
