package org.lafs.helper.upload;

/**
 * A refusal the HTTP layer turns into a status code and a short machine-readable reason
 * (e.g. 409 {@code params-mismatch}); no stack trace ever reaches a client.
 */
public final class HelperException extends RuntimeException {
    private final int status;
    private final String reason;

    public HelperException(int status, String reason, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
