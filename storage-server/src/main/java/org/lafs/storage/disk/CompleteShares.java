package org.lafs.storage.disk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.lafs.gbs.GbsProtocol;

/**
 * The complete shares under {@code shares/<si[:2]>/<si>/}: finding them, their leases, and lease
 * expiry. Blocking I/O, not thread-safe (the store's lane).
 */
final class CompleteShares {
    private final StorageDirs dirs;

    CompleteShares(StorageDirs dirs) {
        this.dirs = dirs;
    }

    /** Complete share numbers held for {@code si}. */
    Set<Integer> list(String si) {
        Set<Integer> out = new TreeSet<>();
        Path dir = dirs.shareDir(si);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.matches("0|[1-9][0-9]{0,2}") && Integer.parseInt(n) <= GbsProtocol.MAX_SHARE_NUMBER) {
                    out.add(Integer.parseInt(n));
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Path of a complete share, or null. */
    Path path(String si, int shnum) {
        Path p = dirs.finalPath(si, shnum);
        return Files.isRegularFile(p) ? p : null;
    }

    /** Adds {@code lease} to, or renews it on, each of the shares {@code shnums} of {@code si}. */
    void addOrRenewLease(String si, Set<Integer> shnums, ShareFile.Lease lease) throws IOException {
        for (int sh : shnums) {
            try (ShareFile f = ShareFile.open(dirs.finalPath(si, sh), true)) {
                f.addOrRenewLease(lease);
            }
        }
    }

    List<ShareFile.Lease> leases(String si, int shnum) throws IOException {
        try (ShareFile f = ShareFile.open(dirs.finalPath(si, shnum), false)) {
            return f.leases();
        }
    }

    /** Drops expired leases and deletes the shares left without one; returns how many were deleted. */
    int collectExpired(long nowMillis) throws IOException {
        int deleted = 0;
        List<Path> files;
        try (Stream<Path> s = Files.walk(dirs.shares(), 3)) {
            files = s.filter(p -> !p.startsWith(dirs.incoming()) && Files.isRegularFile(p)
                    && StorageDirs.isShareFileName(p.getFileName().toString())).toList();
        }
        for (Path p : files) {
            int remaining;
            try (ShareFile f = ShareFile.open(p, true)) {
                remaining = f.dropExpiredLeases(nowMillis / 1000);
            }
            if (remaining == 0) {
                Files.delete(p);
                StorageDirs.pruneEmptyParents(p);
                deleted++;
            }
        }
        return deleted;
    }
}
