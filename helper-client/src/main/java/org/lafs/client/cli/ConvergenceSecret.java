package org.lafs.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.lafs.chk.ConvergentKey;
import org.lafs.format.Base32;

/**
 * Loads a convergence secret in Tahoe's {@code private/convergence} format (base32 of the
 * secret, trailing newline allowed), or creates one once in the user's config directory:
 * {@code $XDG_CONFIG_HOME/lafs-helper/convergence}, else {@code ~/.config/lafs-helper/convergence},
 * mode 0600 (directory 0700). New secrets are 32 random bytes, like a Tahoe node's.
 * The secret is never printed.
 */
final class ConvergenceSecret {
    /** Larger files cannot be a convergence secret; read no further. */
    private static final int MAX_FILE = 4096;
    private static final int NEW_SECRET_BYTES = 32;

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

    /** The default secret file's path for this environment. */
    static Path defaultPath(Map<String, String> env) throws CliException {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base;
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            base = Path.of(xdg);
        } else {
            String home = env.get("HOME");
            if (home == null || home.isEmpty()) {
                throw CliException.failure("neither XDG_CONFIG_HOME nor HOME is set; use --convergence FILE");
            }
            base = Path.of(home, ".config");
        }
        return base.resolve("lafs-helper").resolve("convergence");
    }

    /** Loads the default secret, creating it on first use. */
    static byte[] loadOrCreateDefault(Map<String, String> env) throws CliException {
        Path file = defaultPath(env);
        if (Files.exists(file)) {
            return load(file);
        }
        Path dir = file.getParent();
        try {
            byte[] secret = new byte[NEW_SECRET_BYTES];
            new SecureRandom().nextBytes(secret);
            org.lafs.fs.PrivateFiles.directory(dir);
            // another process may create it first: then theirs is used
            org.lafs.fs.PrivateFiles.writeNew(file, (Base32.encode(secret) + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (AccessDeniedException e) {
            throw CliException.failure("cannot create convergence secret in " + dir + " (permission denied)");
        } catch (IOException | UnsupportedOperationException e) {
            throw CliException.failure("cannot create convergence secret " + file + ": " + e.getClass().getSimpleName());
        }
        return load(file);
    }

    /** The secret named by {@code --convergence}, or the default one. */
    static byte[] resolve(String option, Map<String, String> env) throws CliException {
        return option != null ? load(Path.of(option)) : loadOrCreateDefault(env);
    }
}
