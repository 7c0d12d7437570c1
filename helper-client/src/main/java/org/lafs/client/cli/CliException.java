package org.lafs.client.cli;

/** A user-facing CLI failure: its message becomes the one {@code error: ...} line. */
public final class CliException extends Exception {
    private static final long serialVersionUID = 1L;
    /** Exit code of a runtime failure (unreadable file, unwritable directory, ...). */
    public static final int FAILURE = 1;
    /** Exit code of a usage error (unknown option, bad number, k > n, ...). */
    public static final int USAGE = 2;

    private final int exitCode;

    private CliException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(message, USAGE);
    }

    public static CliException failure(String message) {
        return new CliException(message, FAILURE);
    }

    public int exitCode() {
        return exitCode;
    }
}
