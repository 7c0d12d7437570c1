package org.lafs.helper.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.lafs.format.Base32;

/**
 * A secret kept in a file as base32 text (Tahoe keeps {@code private/secret} and
 * {@code private/convergence} the same way): read it, or generate it once with owner-only
 * permissions. The bytes never reach a log.
 */
public final class SecretFile {
    private SecretFile() {}

    /** Reads the secret in {@code file}, creating {@code length} random bytes when the file is missing. */
    public static byte[] readOrCreate(Path file, int length) throws IOException {
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            try {
                return Base32.decode(text);
            } catch (IllegalArgumentException e) {
                throw new IOException("secret file " + file + " is not base32");
            }
        }
        byte[] secret = new byte[length];
        new SecureRandom().nextBytes(secret);
        writeText(file, Base32.encode(secret) + "\n");
        return secret;
    }

    /** Writes {@code text} atomically with owner-only permissions. */
    public static void writeText(Path file, String text) throws IOException {
        org.lafs.fs.PrivateFiles.write(file, text);
    }
}
