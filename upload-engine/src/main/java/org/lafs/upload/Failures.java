package org.lafs.upload;

/** Short reasons for messages, events and results. */
final class Failures {
    private Failures() {}

    /** A failure's message, or its class name when it has none; short and free of secrets (see {@link UploadServer}). */
    static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
