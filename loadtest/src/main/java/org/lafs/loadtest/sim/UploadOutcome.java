package org.lafs.loadtest.sim;

import io.vertx.core.json.JsonObject;

/**
 * What one simulated upload observed. Times are {@link System#nanoTime()} readings.
 *
 * @param createState {@code Helper-Upload-State} of the creation answer (created, joined, in-grid...)
 * @param bytesSent ciphertext bytes the client sent in PATCH bodies
 * @param createdNanos when the creation (POST) was answered
 * @param lastByteNanos when the last PATCH was answered (= start when nothing was sent)
 * @param result the final body of {@code GET .../result}
 */
public record UploadOutcome(String storageIndex, long size, String createState, long bytesSent,
                            long startNanos, long createdNanos, long lastByteNanos, long doneNanos, String finalState, JsonObject result) {

    public double seconds() {
        return (doneNanos - startNanos) / 1e9;
    }

    /** From the client's last byte (PATCH answered) to the helper reporting the upload done. */
    public double secondsAfterLastByte() {
        return (doneNanos - lastByteNanos) / 1e9;
    }

    /** Creation round trip, including the helper's "already in the grid?" check. */
    public double createSeconds() {
        return (createdNanos - startNanos) / 1e9;
    }

    public boolean ok() {
        return "done".equals(finalState) || "in-grid".equals(finalState);
    }
}
