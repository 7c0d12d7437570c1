package org.lafs.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.lafs.chk.ConvergentKey;
import org.lafs.format.Base32;

/**
 * Loads a convergence secret given with {@code --convergence FILE}, in Tahoe's
 * {@code private/convergence} format (base32 of the secret, trailing newline allowed). Without
 * that option the offline commands use the node directory's secret, as put does
 * ({@link CapCommand#secret}); nothing is created anywhere else. The secret is never printed.
 */
final class ConvergenceSecret {
    /** Larger files cannot be a convergence secret; read no further. */
    private static final int MAX_FILE = 4096;

    private ConvergenceSecret() {}

    static byte[] load(Path file) throws CliException {
        byte[] raw;
        try (InputStream in = Files.newInputStream(file)) {
            raw = in.readNBytes(MAX_FILE + 1);
        } catch (NoSuchFileException e) {
            throw CliException.failure("convergence secret file not found: " + file);
        } catch (AccessDeniedException e) {
            throw CliException.failure("cannot read convergence secret file (permission denied): " + file);
        } catch (IOException e) {
            throw CliException.failure("cannot read convergence secret file " + file + ": " + e.getClass().getSimpleName());
        }
        if (raw.length > MAX_FILE) {
            throw CliException.failure("malformed convergence secret in " + file + ": file is too large");
        }
        String text = new String(raw, StandardCharsets.US_ASCII).strip();
        if (text.isEmpty()) {
            throw CliException.failure("malformed convergence secret in " + file + ": file is empty");
        }
        byte[] secret;
        try {
            secret = Base32.decode(text);
        } catch (IllegalArgumentException e) {
            throw CliException.failure("malformed convergence secret in " + file + ": " + e.getMessage());
        }
        if (secret.length == 0 || secret.length > ConvergentKey.MAX_SECRET_LENGTH) {
            throw CliException.failure("malformed convergence secret in " + file + ": " + secret.length + " bytes");
        }
        return secret;
    }
}
