package org.lafs.storage.disk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Corruption reports from clients, one file per report in {@code corruption-advisories/}, named
 * and worded as Tahoe's server writes them. {@link #fileName} and {@link #text} are pure;
 * {@link #record} writes the file.
 */
final class CorruptionAdvisories {
    private final Path dir;

    CorruptionAdvisories(Path dir) {
        this.dir = dir;
    }

    /** {@code <UTC time with ':' as '_'>--<si>-<shnum>}: sorts by time, and is a legal name everywhere. */
    static String fileName(long nowMillis, String si, int shnum) {
        return Instant.ofEpochMilli(nowMillis).toString().replace(':', '_') + "--" + si + "-" + shnum;
    }

    static String text(String si, int shnum, String reason) {
        return "report: Share Corruption\ntype: immutable\nstorage_index: " + si
                + "\nshare_number: " + shnum + "\n\n" + reason + "\n\n";
    }

    /** Writes one report; a second report in the same millisecond gets a {@code .1}, {@code .2}... suffix. */
    Path record(String si, int shnum, String reason, long nowMillis) throws IOException {
        String name = fileName(nowMillis, si, shnum);
        Path p = dir.resolve(name);
        for (int i = 1; Files.exists(p); i++) {
            p = dir.resolve(name + "." + i);
        }
        Files.writeString(p, text(si, shnum, reason), StandardCharsets.UTF_8);
        return p;
    }
}
