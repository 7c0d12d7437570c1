package org.lafs.client;

import java.time.Duration;
import java.util.Map;
import org.lafs.chk.cap.Capability;

/**
 * What an upload did.
 *
 * @param cap the file's capability (secret: do not log {@link Capability#uri()})
 * @param mode {@code helper}, {@code direct} or {@code literal} (small files live in the cap)
 * @param size file size in bytes
 * @param bytesSent bytes this run sent over the network: ciphertext to the helper, or share bytes
 *     to storage servers for a direct upload
 * @param resumedFrom ciphertext offset this run started sending from (non-zero after a resume)
 * @param alreadyInGrid the helper (or the grid) already had the whole file
 * @param preexistingShares shares the storage servers already held
 * @param pushedShares shares pushed by this run (by the helper or by us)
 * @param phases time per phase (hashing, uploading, helper encode and push phases, ...)
 */
public record UploadReport(Capability cap, String mode, long size, long bytesSent, long resumedFrom,
                           boolean alreadyInGrid, int preexistingShares, int pushedShares, Map<String, Duration> phases) {
    public UploadReport {
        phases = Map.copyOf(phases);
    }

    @Override
    public String toString() {
        return "UploadReport[" + mode + ", size=" + size + ", sent=" + bytesSent + ", resumedFrom=" + resumedFrom
                + ", inGrid=" + alreadyInGrid + ", preexisting=" + preexistingShares + ", pushed=" + pushedShares
                + ", phases=" + phases + "]";
    }
}
