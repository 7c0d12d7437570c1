package org.lafs.client;

import java.time.Duration;
import java.util.List;

/**
 * What a download did.
 *
 * @param bytesWritten plaintext bytes written to the output
 * @param sharesUsed shares whose blocks were decoded ("3@v0-abc...")
 * @param corruptShares shares found corrupt and reported with advise-corrupt
 * @param unavailableShares shares that were listed but could not be read (missing, slow, failing)
 * @param elapsed wall time
 */
public record DownloadReport(long bytesWritten, List<String> sharesUsed, List<String> corruptShares,
                             List<String> unavailableShares, Duration elapsed) {
    public DownloadReport {
        sharesUsed = List.copyOf(sharesUsed);
        corruptShares = List.copyOf(corruptShares);
        unavailableShares = List.copyOf(unavailableShares);
    }
}
