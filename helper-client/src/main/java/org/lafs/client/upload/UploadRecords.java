package org.lafs.client.upload;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.lafs.chk.EncodingParameters;
import org.lafs.format.Base32;
import org.lafs.format.TaggedHash;

/**
 * Upload state kept in the node directory so that a re-run resumes: one small JSON file per
 * unfinished upload in {@code private/uploads/}, named by a hash of the file's identity, the
 * encoding parameters and the convergence secret, holding the storage index and the convergent
 * key of the first pass (so a resumed run skips the hashing pass; the second pass re-checks the
 * key against the bytes). Direct uploads keep their pipeline journal beside it
 * ({@code <si>.journal}). Files are owner-only: the key is as secret as a cap.
 *
 * <p>Thread-safe for distinct files; writes are atomic (temp file + rename).
 */
public final class UploadRecords {
    /** A record file is a few hundred bytes; ignore anything larger. */
    private static final int MAX_RECORD = 64 * 1024;

    private final Path dir;

    public UploadRecords(Path stateDir) {
        this.dir = stateDir.resolve("private").resolve("uploads");
    }

    public Path dir() {
        return dir;
    }

    /**
     * One unfinished upload.
     *
     * @param key the convergent key (secret)
     * @param storageIndex its storage index
     * @param mode {@code helper} or {@code direct}
     */
    public record Record(FileIdentity identity, byte[] key, byte[] storageIndex, String mode, long startedMillis) {
        @Override
        public String toString() {
            return "Record[" + mode + ", si=" + Base32.encode(storageIndex) + "]";
        }
    }

    /** The record of {@code id} under these parameters and secret, if one exists and parses. */
    public Optional<Record> find(FileIdentity id, EncodingParameters p, byte[] convergenceSecret) {
        Path f = file(id, p, convergenceSecret);
        try {
            if (!Files.exists(f) || Files.size(f) > MAX_RECORD) {
                return Optional.empty();
            }
            JsonObject o = new JsonObject(Files.readString(f, StandardCharsets.UTF_8));
            JsonObject i = o.getJsonObject("identity");
            FileIdentity stored = new FileIdentity(i.getString("path"), i.getLong("size"), i.getLong("mtime-ns"), i.getString("file-key"));
            if (!stored.equals(id)) {
                return Optional.empty();
            }
            byte[] key = Base32.decode(o.getString("key"));
            byte[] si = Base32.decode(o.getString("storage-index"));
            if (key.length != 16 || si.length != 16) {
                return Optional.empty();
            }
            return Optional.of(new Record(stored, key, si, o.getString("mode", ""), o.getLong("started", 0L)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a damaged record only costs the hashing pass
        }
    }

    public void save(Record r, EncodingParameters p, byte[] convergenceSecret) throws IOException {
        JsonObject o = new JsonObject()
                .put("identity", new JsonObject().put("path", r.identity().path()).put("size", r.identity().size())
                        .put("mtime-ns", r.identity().modifiedNanos()).put("file-key", r.identity().fileKey()))
                .put("key", Base32.encode(r.key()))
                .put("storage-index", Base32.encode(r.storageIndex()))
                .put("mode", r.mode())
                .put("started", r.startedMillis())
                .put("parameters", p.k() + "-of-" + p.n() + ", segment " + p.maxSegmentSize());
        write(file(r.identity(), p, convergenceSecret), o.encodePrettily());
    }

    public void remove(FileIdentity id, EncodingParameters p, byte[] convergenceSecret) {
        try {
            Files.deleteIfExists(file(id, p, convergenceSecret));
        } catch (IOException ignored) {
            // a stale record only costs a hashing pass later
        }
    }

    /** Where a direct upload of {@code si} keeps its pipeline journal. */
    public Path journal(byte[] storageIndex) {
        return dir.resolve(Base32.encode(storageIndex) + ".journal");
    }

    /** The scratch file for a direct upload's segment hashes and hash trees (the pipeline deletes it). */
    public Path hashScratch(byte[] storageIndex) {
        return dir.resolve(Base32.encode(storageIndex) + ".hashes");
    }

    private Path file(FileIdentity id, EncodingParameters p, byte[] secret) {
        MessageDigest md = TaggedHash.sha256();
        md.update(("lafs-client-upload-record-v1\n" + id.path() + "\n" + id.size() + "\n" + id.modifiedNanos() + "\n"
                + id.fileKey() + "\n" + p.k() + "," + p.n() + "," + p.maxSegmentSize() + "\n").getBytes(StandardCharsets.UTF_8));
        md.update(secret);
        return dir.resolve(HexFormat.of().formatHex(md.digest(), 0, 16) + ".json");
    }

    void write(Path f, String text) throws IOException {
        org.lafs.fs.PrivateFiles.directory(dir);
        org.lafs.fs.PrivateFiles.write(f, text);
    }
}
