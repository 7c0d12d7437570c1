package org.lafs.loadtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lafs.loadtest.UsageException;

class SizesTest {
    @Test
    void parsesSuffixesAndLists() {
        assertEquals(1L << 30, Sizes.parse("x", "1G", 0, Long.MAX_VALUE));
        assertEquals(64 << 10, Sizes.parse("x", "64k", 0, Long.MAX_VALUE));
        assertEquals(1_000_000, Sizes.parse("x", "1000000", 0, Long.MAX_VALUE));
        assertEquals(List.of(1L << 20, 100L << 20), Sizes.list("x", "1M,100M", 0, Long.MAX_VALUE, 4));
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
        // pipeline: 3 x 131073 + 3 x 10 x 43691 + 10 x 50000
        assertEquals(3 * 131073 + 3 * 10 * 43691 + 10 * 50000, MemoryScenario.pipeline(131073, 3, 10, 50000, 3));
        // 1 GiB: + (10 + 1) x 32 bytes x 8192 segments of hash arrays + 768 KiB of ingest buffers
        long gib = 1L << 30;
        assertEquals(3 * 131073 + 3 * 10 * 43691 + 10 * 50000 + 11 * 32 * 8192 + (768 << 10),
                MemoryScenario.formula(gib, 131073, 3, 10, 50000, 3));
        // a file smaller than the ingest buffers holds at most itself there
        assertEquals(3 * 1002 + 3 * 10 * 334 + 10 * 50000 + 11 * 32 + 1000, MemoryScenario.formula(1000, 1002, 3, 10, 50000, 3));
    }
}
