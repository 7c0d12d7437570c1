package org.lafs.client.upload;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.StorageIndex;
import org.lafs.client.LafsException;
import org.lafs.client.ProgressListener;

/**
 * The first step of every upload of a file, via the helper or direct: identify the file, then
 * take its convergent key from the resume record of an earlier, interrupted upload, or derive it
 * (the full hashing pass) and save a resume record so that a re-run skips that pass.
 */
final class ConvergentKeyStep {
    /** The file's identity (for the resume record), its geometry and its convergent key. */
    record Keyed(FileIdentity id, FileGeometry geometry, byte[] key) {
        byte[] storageIndex() {
            return StorageIndex.of(key);
        }
    }

    private ConvergentKeyStep() {}

    /**
     * @param mode recorded with the resume record ("helper" or "direct")
     * @param phases receives the "hashing" time when the key had to be derived
     */
    static Keyed run(Path file, EncodingParameters params, byte[] secret, UploadRecords records, String mode,
                     ProgressListener progress, Map<String, Duration> phases) throws LafsException {
        FileIdentity id;
        try {
            id = FileIdentity.of(file);
        } catch (IOException e) {
            throw new LafsException(LafsException.Kind.LOCAL_IO, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        FileGeometry g = params.geometry(id.size());
        var saved = records.find(id, params, secret);
        if (saved.isPresent()) {
            progress.note("resuming an earlier upload of this file");
            return new Keyed(id, g, saved.get().key());
        }
        long h0 = System.nanoTime();
        byte[] key;
        try {
            key = KeyPass.derive(file, g, secret, progress);
        } catch (FileChangedException e) {
            throw new LafsException(LafsException.Kind.FILE_CHANGED, e.getMessage());
        } catch (IOException e) {
            throw new LafsException(LafsException.Kind.LOCAL_IO, "reading " + file + ": " + e.getClass().getSimpleName());
        }
        phases.put("hashing", Duration.ofNanos(System.nanoTime() - h0));
        try {
            records.save(new UploadRecords.Record(id, key, StorageIndex.of(key), mode, System.currentTimeMillis()), params, secret);
        } catch (IOException e) {
            progress.note("cannot save the resume record (" + e.getClass().getSimpleName() + "); continuing");
        }
        return new Keyed(id, g, key);
    }
}
