package org.lafs.chk.cap;

/**
 * An immutable-file capability string (chk-format.md sections 3 and 10). {@link #uri()} gives
 * the full string; {@code toString()} never shows a key or file content.
 */
public sealed interface Capability permits ChkCap, ChkVerifierCap, LitCap {

    /** Longest string {@link #parse} looks at; longer input is rejected before any work. */
    int MAX_LENGTH = 256;

    /** The full capability string. Secret for read caps: do not log it. */
    String uri();

    /**
     * Parses {@code URI:CHK:}, {@code URI:CHK-Verifier:} or {@code URI:LIT:} strictly.
     *
     * @throws IllegalArgumentException with a precise reason
     */
    static Capability parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("capability is missing");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("capability longer than " + MAX_LENGTH + " characters");
        }
        if (text.startsWith(ChkCap.PREFIX)) {
            return ChkCap.parse(text);
        }
        if (text.startsWith(ChkVerifierCap.PREFIX)) {
            return ChkVerifierCap.parse(text);
        }
        if (text.startsWith(LitCap.PREFIX)) {
            return LitCap.parse(text);
        }
        throw new IllegalArgumentException("not an immutable-file capability (expected URI:CHK:, URI:CHK-Verifier: or URI:LIT:)");
    }
}
