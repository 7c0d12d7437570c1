package org.lafs.upload;

/**
 * An upload that cannot finish, with a reason a user understands (which server, what
 * happened). The journal keeps the progress made: the same upload may be resumed once the
 * cause is gone. {@link org.lafs.placement.PlacementException} reports unmet happiness instead.
 */
public final class UploadException extends RuntimeException {
    public UploadException(String message) {
        super(message);
    }

    public UploadException(String message, Throwable cause) {
        super(message, cause);
    }
}
