package org.lafs.client.node;

/**
 * Parses one HTTP {@code Range} header (RFC 9110 section 14.1.2) for a file of {@code size}
 * bytes: {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n}; a single range only (a
 * multi-range request is answered with the whole file, which RFC 9110 allows). Pure.
 */
record RangeHeader(long first, long last) {
    /** The range is syntactically valid but outside the file: answer 416. */
    static final class Unsatisfiable extends Exception {
        private static final long serialVersionUID = 1L;

        Unsatisfiable() {
            super(null, null, false, false);
        }
    }

    long length() {
        return last - first + 1;
    }

    /** Null when there is no usable range (serve the whole file with 200). */
    static RangeHeader parse(String header, long size) throws Unsatisfiable {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (!h.startsWith("bytes=") || h.indexOf(',') >= 0 || h.length() > 100) {
            return null;
        }
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        if (!a.matches("[0-9]{0,18}") || !b.matches("[0-9]{0,18}") || (a.isEmpty() && b.isEmpty())) {
            return null;
        }
        if (a.isEmpty()) {
            long n = Long.parseLong(b);
            if (n == 0 || size == 0) {
                throw new Unsatisfiable();
            }
            return new RangeHeader(Math.max(0, size - n), size - 1);
        }
        long first = Long.parseLong(a);
        long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
        if (!b.isEmpty() && Long.parseLong(b) < first) {
            return null;
        }
        if (first >= size) {
            throw new Unsatisfiable();
        }
        return new RangeHeader(first, last);
    }
}
