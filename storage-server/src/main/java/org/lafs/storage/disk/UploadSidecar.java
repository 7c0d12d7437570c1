package org.lafs.storage.disk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sidecar {@code <shnum>.upload} of an open upload holds, so the upload survives a
 * restart (Tahoe itself discards incoming data on start): the upload secret, the allocated size
 * and the written ranges, as {@code key=value} lines. {@link #format} and {@link #parse} are
 * pure; {@link #save} and {@link #load} are the file I/O. The array and the range set are not
 * copied: a sidecar is a view of its upload at the moment it is formatted.
 */
record UploadSidecar(byte[] secret, long size, RangeSet written) {
    String format() {
        return "secret=" + Base64.getEncoder().encodeToString(secret) + "\nsize=" + size
                + "\nwritten=" + written.format() + "\n";
    }

    /**
     * Reads the lines {@link #format} wrote; unknown keys are ignored, a missing {@code written}
     * means nothing written.
     *
     * @throws RuntimeException for a sidecar without a secret or size, or with a malformed value
     *     (the store then discards the upload)
     */
    static UploadSidecar parse(List<String> lines) {
        Map<String, String> kv = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        String secret = kv.get("secret");
        String size = kv.get("size");
        if (secret == null || size == null) {
            throw new IllegalArgumentException("sidecar without secret or size");
        }
        return new UploadSidecar(Base64.getDecoder().decode(secret), Long.parseLong(size),
                RangeSet.parse(kv.getOrDefault("written", "")));
    }

    /** Replaces {@code path} atomically: a crash leaves the old sidecar or the new one, never half of one. */
    void save(Path path) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(tmp, format(), StandardCharsets.US_ASCII);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static UploadSidecar load(Path path) throws IOException {
        return parse(Files.readAllLines(path, StandardCharsets.US_ASCII));
    }
}
