package org.lafs.client.helper;

import java.io.IOException;

/**
 * A helper call failed. {@link #status()} is the HTTP status (0 for a transport failure),
 * {@link #reason()} the helper's stable reason token (docs/helper-protocol.md "Reason tokens")
 * or a local one; {@link #retryable()} says whether the same call may succeed later (no
 * connection, a broken connection or a timeout; 408, 423, 5xx except 501 and 507). The message
 * is one line without secrets.
 */
public final class HelperException extends IOException {
    private static final long serialVersionUID = 1L;
    /** Local reason: no connection could be made. */
    public static final String CONNECT = "connect";
    /** Local reason: the connection broke. */
    public static final String TRANSPORT = "transport";
    /** Local reason: no answer in time, or a PATCH the helper stopped taking bytes of. */
    public static final String TIMEOUT = "timeout";
    private final int status;
    private final String reason;

    public HelperException(int status, String reason, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public boolean retryable() {
        if (status == 0) {
            // local reasons: only the network can pass; "tls" (a wrong pin), "protocol" (a helper
            // that broke the protocol), "interrupted" and the client's own verdicts are final
            return reason.equals(CONNECT) || reason.equals(TRANSPORT) || reason.equals(TIMEOUT);
        }
        return status == 423 || status == 408 || (status >= 500 && status != 507 && status != 501);
    }
}
