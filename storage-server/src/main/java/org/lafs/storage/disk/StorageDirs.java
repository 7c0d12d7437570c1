package org.lafs.storage.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things live under the storage directory, laid out like Tahoe's storage server: complete
 * shares at {@code shares/<si[:2]>/<si>/<shnum>}, uploads in progress at
 * {@code shares/incoming/<si[:2]>/<si>/<shnum>} (with our sidecar {@code <shnum>.upload} beside
 * each, {@link UploadSidecar}) and corruption advisories in {@code corruption-advisories/}.
 * Path arithmetic only, plus pruning the directories a removed share leaves empty.
 */
record StorageDirs(Path shares, Path incoming, Path advisories) {
    static StorageDirs under(Path storageDir) {
        Path shares = storageDir.resolve("shares");
        return new StorageDirs(shares, shares.resolve("incoming"), storageDir.resolve("corruption-advisories"));
    }

    /** The directory of the complete shares of {@code si}. */
    Path shareDir(String si) {
        return shares.resolve(si.substring(0, 2)).resolve(si);
    }

    Path finalPath(String si, int shnum) {
        return shareDir(si).resolve(Integer.toString(shnum));
    }

    Path incomingPath(String si, int shnum) {
        return incoming.resolve(si.substring(0, 2)).resolve(si).resolve(Integer.toString(shnum));
    }

    /** A share container's file name, complete or incoming: one to three digits. */
    static boolean isShareFileName(String name) {
        return name.matches("[0-9]{1,3}");
    }

    /** After {@code shareFile} is gone: removes its storage-index directory and the prefix directory above it if empty. */
    static void pruneEmptyParents(Path shareFile) {
        deleteIfEmpty(shareFile.getParent());
        deleteIfEmpty(shareFile.getParent().getParent());
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.delete(dir);
        } catch (IOException ignored) {
            // not empty, or already gone: normal
        }
    }
}
