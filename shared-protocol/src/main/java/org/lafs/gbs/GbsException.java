package org.lafs.gbs;

/**
 * A failed GBS call, typed by what the caller can do (STYLE.md item 14).
 *
 * <ul>
 *   <li>{@link #status()}: the HTTP status, or 0 when no response arrived (connect failure,
 *       TLS/pin failure, timeout, connection closed);</li>
 *   <li>{@link #retryable()}: true for transport failures, timeouts and 5xx (and 408/429): the
 *       same request may succeed later. 4xx answers are not retryable;</li>
 *   <li>{@link #reason()}: a short machine-friendly text, never containing secrets.</li>
 * </ul>
 */
public final class GbsException extends RuntimeException {
    private final int status;
    private final String reason;
    private final boolean retryable;

    public GbsException(int status, String reason, boolean retryable, Throwable cause) {
        super((status == 0 ? "no response" : "HTTP " + status) + ": " + reason, cause);
        this.status = status;
        this.reason = reason;
        this.retryable = retryable;
    }

    /** A failure for an HTTP status; retryable for 5xx, 408 and 429. */
    public static GbsException forStatus(int status, String reason) {
        boolean retry = status >= 500 || status == 408 || status == 429;
        return new GbsException(status, reason, retry, null);
    }

    /** A failure without a response (transport, TLS, timeout): retryable. */
    public static GbsException transport(String reason, Throwable cause) {
        return new GbsException(0, reason, true, cause);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }
}
