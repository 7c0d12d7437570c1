package org.lafs.helper.foolscap.banana;

/**
 * Peer-supplied text for our log lines and error answers: a hostile peer must not be able to
 * put control characters or unbounded text into either, so everything outside printable ASCII
 * becomes '?' and the result is cut at a caller-chosen length.
 */
public final class AsciiText {
    private AsciiText() {
    }

    /** {@code s} with non-printable characters as '?', at most {@code max} characters long. */
    public static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
            if (b.length() >= max) {
                break;
            }
        }
        return b.toString();
    }
}
