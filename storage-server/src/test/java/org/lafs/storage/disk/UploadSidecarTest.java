package org.lafs.storage.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.gbs.ByteRange;

/** The sidecar format of an open upload on its own: the text, reading it back, the atomic save. */
class UploadSidecarTest {
    static UploadSidecar sample() {
        RangeSet written = new RangeSet();
        written.add(0, 4);
        written.add(8, 10);
        return new UploadSidecar(new byte[] {1, 2, 3}, 10, written);
    }

    @Test
    void formatIsKeyValueLines() {
        assertEquals("secret=AQID\nsize=10\nwritten=0-4,8-10\n", sample().format());
    }

    @Test
    void parseReadsWhatFormatWrote() {
        UploadSidecar back = UploadSidecar.parse(List.of(sample().format().split("\n")));
        assertArrayEquals(new byte[] {1, 2, 3}, back.secret());
        assertEquals(10, back.size());
        assertEquals(List.of(new ByteRange(4, 8)), back.written().missing(10));
    }

    @Test
    void missingWrittenMeansNothingWrittenAndUnknownKeysAreIgnored() {
        UploadSidecar s = UploadSidecar.parse(List.of("size=5", "later=1", "secret=AQID", "no equals sign"));
        assertEquals(List.of(new ByteRange(0, 5)), s.written().missing(5));
    }

    @Test
    void brokenSidecarsAreRefused() {
        assertThrows(RuntimeException.class, () -> UploadSidecar.parse(List.of("size=5")));
        assertThrows(RuntimeException.class, () -> UploadSidecar.parse(List.of("secret=AQID")));
        assertThrows(RuntimeException.class, () -> UploadSidecar.parse(List.of("secret=AQID", "size=five")));
        assertThrows(RuntimeException.class, () -> UploadSidecar.parse(List.of("secret=!!", "size=5")));
    }

    @Test
    void saveReplacesTheFileAndLeavesNoTemporary(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("3.upload");
        Files.writeString(p, "old");
        sample().save(p);
        assertEquals(sample().format(), Files.readString(p));
        assertFalse(Files.exists(dir.resolve("3.upload.tmp")));
        assertEquals(10, UploadSidecar.load(p).size());
    }
}
