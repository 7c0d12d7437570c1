package org.lafs.storage.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corruption reports: Tahoe's file name and wording, and no report overwriting another. */
class CorruptionAdvisoriesTest {
    static final String SI = "aaaaaaaaaaaaaaaaaaaaaaaaaa";

    @Test
    void nameIsTheTimeWithoutColonsThenShare() {
        assertEquals("2023-11-14T22_13_20Z--" + SI + "-7", CorruptionAdvisories.fileName(1_700_000_000_000L, SI, 7));
    }

    @Test
    void reportsInTheSameMillisecondGetSuffixes(@TempDir Path dir) throws Exception {
        CorruptionAdvisories a = new CorruptionAdvisories(dir);
        Path first = a.record(SI, 7, "bad hash", 0);
        Path second = a.record(SI, 7, "bad again", 0);
        assertEquals(first.getFileName() + ".1", second.getFileName().toString());
        assertEquals("report: Share Corruption\ntype: immutable\nstorage_index: " + SI + "\nshare_number: 7\n\nbad hash\n\n",
                Files.readString(first));
    }
}
