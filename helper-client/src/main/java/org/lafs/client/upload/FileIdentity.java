package org.lafs.client.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What makes "the same file" for resuming an upload: absolute path, size, modification time and
 * the file system's file key (device and inode on Unix). Like Tahoe's backupdb, a match is only
 * a hint: the second pass re-derives the key from the bytes and refuses a mismatch.
 */
public record FileIdentity(String path, long size, long modifiedNanos, String fileKey) {

    public static FileIdentity of(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Object key = a.fileKey();
        return new FileIdentity(file.toAbsolutePath().normalize().toString(), a.size(),
                a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), key == null ? "" : key.toString());
    }

    @Override
    public String toString() {
        return "FileIdentity[size=" + size + "]";
    }
}
