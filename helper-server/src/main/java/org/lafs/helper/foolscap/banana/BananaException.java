package org.lafs.helper.foolscap.banana;

/**
 * A fatal violation of the Banana or negotiation framing: the stream cannot be parsed any further
 * and the connection must be closed (foolscap's {@code BananaError}). Message-level problems that
 * leave the stream in sync are not this; they become error answers.
 */
public final class BananaException extends Exception {
    public BananaException(String message) {
        super(message, null, false, false);
    }
}
