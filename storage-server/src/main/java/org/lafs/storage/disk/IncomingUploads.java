package org.lafs.storage.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.lafs.format.Base32;
import org.lafs.gbs.GbsProtocol;

/**
 * The open uploads, in memory and under {@code shares/incoming/}: creating one, restoring them
 * after a restart from their sidecars, and ending one by moving it to its final place or
 * deleting it. Not thread-safe, blocking I/O (the store's lane).
 */
final class IncomingUploads {
    private final StorageDirs dirs;
    private final Map<String, OpenUpload> uploads = new HashMap<>();

    IncomingUploads(StorageDirs dirs) {
        this.dirs = dirs;
    }

    private static String key(String si, int shnum) {
        return si + "/" + shnum;
    }

    /** The open upload of share {@code shnum} of {@code si}, or null. */
    OpenUpload get(String si, int shnum) {
        return uploads.get(key(si, shnum));
    }

    int count() {
        return uploads.size();
    }

    /** Space promised to open uploads (their full allocated sizes, as Tahoe counts). */
    long promisedSpace() {
        long sum = 0;
        for (OpenUpload u : uploads.values()) {
            sum += u.size;
        }
        return sum;
    }

    /** Creates the container and sidecar of a new upload, replacing an incoming file left without a sidecar. */
    void create(String si, int shnum, byte[] secret, long size, ShareFile.Lease lease, long nowMillis) throws IOException {
        Path in = dirs.incomingPath(si, shnum);
        Files.createDirectories(in.getParent());
        Files.deleteIfExists(in); // leftover without a sidecar
        ShareFile f = ShareFile.create(in, size, lease);
        OpenUpload u = new OpenUpload(si, shnum, secret.clone(), size, new RangeSet(), in, f, nowMillis);
        u.saveState();
        uploads.put(key(si, shnum), u);
    }

    /** Every byte is written: the container moves (atomically) to its final place. */
    void complete(OpenUpload u) throws IOException {
        u.file.close();
        Path fin = dirs.finalPath(u.si, u.shnum);
        Files.createDirectories(fin.getParent());
        Files.move(u.incoming, fin, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(u.sidecar());
        uploads.remove(key(u.si, u.shnum));
        StorageDirs.pruneEmptyParents(u.incoming);
    }

    /** Aborted or idle: the container and sidecar are deleted. */
    void discard(OpenUpload u) throws IOException {
        u.file.close();
        Files.deleteIfExists(u.incoming);
        Files.deleteIfExists(u.sidecar());
        uploads.remove(key(u.si, u.shnum));
        StorageDirs.pruneEmptyParents(u.incoming);
    }

    /** Discards uploads without a write for {@code idleMillis}; returns how many. */
    int discardIdle(long nowMillis, long idleMillis) throws IOException {
        List<OpenUpload> idle = new ArrayList<>();
        for (OpenUpload u : uploads.values()) {
            if (nowMillis - u.lastActivityMillis >= idleMillis) {
                idle.add(u);
            }
        }
        for (OpenUpload u : idle) {
            discard(u);
        }
        return idle.size();
    }

    /** Restores open uploads from sidecars; removes incoming files that have none (or a broken one). */
    void recover(long nowMillis) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dirs.incoming(), 3)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (!StorageDirs.isShareFileName(name)) {
                if (!name.endsWith(".upload") || !Files.exists(p.resolveSibling(name.substring(0, name.length() - 7)))) {
                    Files.deleteIfExists(p);
                }
                continue;
            }
            Path sidecar = p.resolveSibling(name + ".upload");
            String si = p.getParent().getFileName().toString();
            int shnum = Integer.parseInt(name);
            if (!Files.exists(sidecar) || !si.matches("[a-z2-7]{26}") || shnum > GbsProtocol.MAX_SHARE_NUMBER) {
                Files.deleteIfExists(p);
                continue;
            }
            try {
                UploadSidecar state = UploadSidecar.load(sidecar);
                Base32.decode(si);
                ShareFile f = ShareFile.open(p, true);
                if (f.dataLength() != state.size()) {
                    f.close();
                    throw new IOException("size mismatch");
                }
                uploads.put(key(si, shnum), new OpenUpload(si, shnum, state.secret(), state.size(), state.written(), p, f,
                        nowMillis));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(p);
                Files.deleteIfExists(sidecar);
            }
        }
    }

    /** Persists every upload's ranges and closes its container; the uploads stay on disk for the next start. */
    void close() throws IOException {
        for (OpenUpload u : uploads.values()) {
            u.saveState();
            u.file.close();
        }
        uploads.clear();
    }
}
