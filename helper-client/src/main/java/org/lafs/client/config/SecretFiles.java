package org.lafs.client.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lafs.fs.PrivateFiles;
import java.security.SecureRandom;
import org.lafs.format.Base32;

/**
 * Tahoe's private secret files ({@code private/convergence}, {@code private/secret}): base32 of
 * random bytes plus a newline, owner-only. Created atomically (temp file, then rename without
 * replacing, so two processes racing agree on one secret). Secrets never appear in messages.
 */
public final class SecretFiles {
    /** No secret file is larger than this; read no further. */
    static final int MAX_FILE = 4096;

    private SecretFiles() {}

    /** Reads a base32 secret; IllegalArgumentException when malformed. */
    public static byte[] readBase32(Path file) throws IOException {
        String text = readText(file);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("malformed secret in " + file + ": file is empty");
        }
        try {
            return Base32.decode(text.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed secret in " + file + ": not base32");
        }
    }

    /** Reads a short text secret (a token), stripped. */
    public static String readText(Path file) throws IOException {
        byte[] raw;
        try (InputStream in = Files.newInputStream(file)) {
            raw = in.readNBytes(MAX_FILE + 1);
        }
        if (raw.length > MAX_FILE) {
            throw new IllegalArgumentException("secret file " + file + " is larger than " + MAX_FILE + " bytes");
        }
        return new String(raw, StandardCharsets.US_ASCII).strip();
    }

    /** Reads the base32 secret at {@code file}, creating {@code bytes} random bytes first if absent. */
    public static byte[] readOrCreateBase32(Path file, int bytes) throws IOException {
        if (!Files.exists(file)) {
            byte[] secret = new byte[bytes];
            new SecureRandom().nextBytes(secret);
            writeNew(file, Base32.encode(secret) + "\n");
        }
        return readBase32(file);
    }

    /** Writes {@code text} to {@code file} owner-only unless the file exists already. */
    static void writeNew(Path file, String text) throws IOException {
        PrivateFiles.writeNew(file, text.getBytes(StandardCharsets.US_ASCII));
    }
}
