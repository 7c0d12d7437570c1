package org.lafs.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold secrets (convergence and lease secrets, swissnums, NURLs and FURLs, tokens,
 * private keys, resume records with keys) and the directories they live in: files are owner-only
 * (0600) from the moment they exist, never world-readable even briefly, and written atomically
 * (temporary file, fsync, rename), so a crash leaves the old content or the new, never half;
 * directories are owner-only (0700). Every program of the project writes secrets through here.
 *
 * <p>On a file system without POSIX permissions the files are written the same way without them.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    /**
     * Creates {@code dir} and any missing parents owner-only, and makes {@code dir} itself
     * owner-only if it already existed (directories made by older versions were 0755). For
     * directories that exist only to hold private data ({@code private/}, spools, state).
     */
    public static Path directory(Path dir) throws IOException {
        Path abs = create(dir.toAbsolutePath());
        if (posix(abs)) {
            Files.setPosixFilePermissions(abs, DIR);
        }
        return dir;
    }

    /** Creates missing directories owner-only; leaves existing ones as they are. */
    private static Path create(Path abs) throws IOException {
        if (!Files.isDirectory(abs)) {
            Path parent = abs.getParent();
            if (parent != null) {
                create(parent);
            }
            try {
                Files.createDirectory(abs, posix(parent) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIR)}
                        : new FileAttribute<?>[0]);
            } catch (FileAlreadyExistsException raced) {
                // created meanwhile
            }
        }
        return abs;
    }

    /**
     * Replaces {@code file} with {@code bytes}, owner-only, atomically. Missing directories are
     * created owner-only; an existing one is left as it is (it may be the user's).
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path tmp = temp(file, bytes);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@link #write(Path, byte[])} of ASCII/UTF-8 text. */
    public static void write(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates {@code file} with {@code bytes}, owner-only, unless it exists (another process may
     * have created it at the same moment: theirs is kept).
     *
     * @return whether this call created it
     */
    public static boolean writeNew(Path file, byte[] bytes) throws IOException {
        if (Files.exists(file)) {
            return false;
        }
        Path tmp = temp(file, bytes);
        try {
            Files.move(tmp, file);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A temporary file beside {@code file}, owner-only from creation, holding {@code bytes}, synced. */
    private static Path temp(Path file, byte[] bytes) throws IOException {
        Path dir = create(file.toAbsolutePath().getParent());
        Path tmp = posix(dir) ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(FILE))
                : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    private static boolean posix(Path p) {
        return p != null && p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
