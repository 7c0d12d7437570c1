package org.lafs.upload;

import java.util.List;
import java.util.Objects;
import org.lafs.chk.EncodingParameters;
import org.lafs.gbs.LeaseSecrets;

/**
 * One encode-and-push job.
 *
 * @param storageIndex the 16-byte storage index (from the convergent key; the helper gets it
 *     from the client)
 * @param parameters k, happy, n and the configured maximum segment size; the effective segment
 *     size follows chk-format.md section 3.1
 * @param source the ciphertext
 * @param servers the known storage servers (any order: the pipeline ranks them)
 * @param leases lease secrets of the uploader itself: a helper uses its own, so the leases
 *     belong to the helper (gbs-storage-protocol.md section 6)
 * @param journal durable progress; a journal with a saved placement makes this run a resume
 * @param listener progress and metrics events ({@link UploadListener#NONE} for none)
 * @param hashScratch a file for the segment hashes and hash trees (created, then deleted when
 *     the run ends), or null to keep them in the heap: 352 bytes per segment for 3-of-10, the
 *     one part of an upload's memory that grows with the file
 */
public record UploadRequest(byte[] storageIndex, EncodingParameters parameters, CiphertextSource source,
                            List<UploadServer> servers, LeaseSecrets leases, UploadJournal journal,
                            UploadListener listener, java.nio.file.Path hashScratch) {

    /** A request that keeps the segment hashes in the heap. */
    public UploadRequest(byte[] storageIndex, EncodingParameters parameters, CiphertextSource source,
                         List<UploadServer> servers, LeaseSecrets leases, UploadJournal journal, UploadListener listener) {
        this(storageIndex, parameters, source, servers, leases, journal, listener, null);
    }

    public UploadRequest {
        if (storageIndex.length != 16) {
            throw new IllegalArgumentException("storage index must be 16 bytes, got " + storageIndex.length);
        }
        storageIndex = storageIndex.clone();
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(source, "source");
        servers = List.copyOf(servers);
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(journal, "journal");
        listener = listener == null ? UploadListener.NONE : listener;
    }

    @Override
    public byte[] storageIndex() {
        return storageIndex.clone();
    }
}
