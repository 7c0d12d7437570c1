package org.lafs.helper.upload;

import java.util.Set;

/**
 * What {@link UploadService#precheck} found for a storage index before the client declared its
 * parameters (Tahoe's {@code upload_chk}).
 *
 * @param kind what was found
 * @param owners the tokens that may continue a running or stored upload (creator first)
 * @param upload the running upload ({@link Kind#ACTIVE})
 * @param inGrid the grid's result ({@link Kind#IN_GRID})
 */
public record Precheck(Kind kind, Set<String> owners, Upload upload, HelperResult inGrid) {
    /** What was found. */
    public enum Kind {
        /** An upload of the storage index is running ({@code upload} is it). */
        ACTIVE,
        /** A stopped upload is stored and can be resumed by its owner. */
        STORED,
        /** The file is already in the grid ({@code inGrid} is the result). */
        IN_GRID,
        /** Nothing known: the client must upload. */
        ABSENT
    }
}
