package org.lafs.client.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Resolves the FILE argument: must exist, be a regular readable file. */
final class PlaintextFile {
    private PlaintextFile() {}

    static Path check(String name) throws CliException {
        Path p;
        try {
            p = Path.of(name);
        } catch (RuntimeException e) {
            throw CliException.usage("invalid file name '" + Main.printable(name) + "'");
        }
        if (!Files.exists(p)) {
            throw CliException.failure("no such file: " + Main.printable(name));
        }
        if (!Files.isRegularFile(p)) {
            throw CliException.failure("not a regular file: " + Main.printable(name));
        }
        if (!Files.isReadable(p)) {
            throw CliException.failure("cannot read " + Main.printable(name) + " (permission denied)");
        }
        return p;
    }

    static long size(Path p) throws CliException {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw CliException.failure("cannot read " + p + ": " + e.getClass().getSimpleName());
        }
    }

    /** A one-line description of an I/O failure. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof FileAlreadyExistsException) {
            return "not a directory: " + e.getMessage();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return Main.oneLine(f.getReason().toLowerCase(java.util.Locale.ROOT));
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : Main.oneLine(e.getMessage());
    }
}
