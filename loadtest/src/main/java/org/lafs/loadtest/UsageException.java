package org.lafs.loadtest;

/** A bad command line; its message is printed as one line and the process exits with 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
