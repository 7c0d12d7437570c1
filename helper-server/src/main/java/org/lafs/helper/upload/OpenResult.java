package org.lafs.helper.upload;

/**
 * How a request to upload a storage index was answered ({@link UploadService#open}): the live
 * upload it now belongs to, or the grid's result when the file is already there.
 *
 * @param outcome what happened
 * @param upload the live upload (null for {@link Outcome#IN_GRID})
 * @param inGrid the grid's result (only for {@link Outcome#IN_GRID})
 */
public record OpenResult(Outcome outcome, Upload upload, HelperResult inGrid) {
    /** What happened. */
    public enum Outcome {
        /** A fresh upload for this client. */
        CREATED,
        /** This client joined a running upload it belongs to (or proved the key of). */
        JOINED,
        /** A stored, stopped upload of this client runs again from its durable offset. */
        RESUMED,
        /** The file is in the grid: nothing to upload. */
        IN_GRID
    }
}
