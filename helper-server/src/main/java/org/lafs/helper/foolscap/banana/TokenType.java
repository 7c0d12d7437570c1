package org.lafs.helper.foolscap.banana;

/**
 * The Banana token type bytes (foolscap {@code tokens.py}; spec foolscap-helper.md section 3.1).
 * The type byte is the first byte of a token that is 0x80 or more; the base-128 header digits
 * before it are all below 0x80.
 */
public enum TokenType {
    /** Obsolete "oldbanana" list token; receiving it is fatal, as in foolscap. */
    LIST(0x80),
    /** Integer 0 .. 2^31-1, value in the header. */
    INT(0x81),
    /** Byte string; header = length, then the bytes. */
    STRING(0x82),
    /** Negative integer -2^31 .. -1; header = magnitude. */
    NEG(0x83),
    /** IEEE-754 double, 8 big-endian bytes after the (ignored) header. */
    FLOAT(0x84),
    /** Non-negative integer of any size; header = byte count, then big-endian magnitude. */
    LONGINT(0x85),
    /** Negative integer of any size; header = byte count, then big-endian magnitude. */
    LONGNEG(0x86),
    /** Abbreviation of a STRING; header = index in the negotiated table. */
    VOCAB(0x87),
    /** Starts a sequence; header = the sender's open-id. */
    OPEN(0x88),
    /** Ends the sequence with the open-id in the header. */
    CLOSE(0x89),
    /** The sender abandoned the sequence being sent. */
    ABORT(0x8A),
    /** Fatal error report; header = text length (at most 1000), then the text. */
    ERROR(0x8D),
    /** Keepalive; answer with PONG carrying the same number. */
    PING(0x8E),
    /** Keepalive answer. */
    PONG(0x8F);

    private final int code;

    TokenType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a type byte, or null when it is not a valid Banana type byte (0x8B, 0x8C, 0x90..0xFF). */
    public static TokenType of(int b) {
        return switch (b & 0xff) {
            case 0x80 -> LIST;
            case 0x81 -> INT;
            case 0x82 -> STRING;
            case 0x83 -> NEG;
            case 0x84 -> FLOAT;
            case 0x85 -> LONGINT;
            case 0x86 -> LONGNEG;
            case 0x87 -> VOCAB;
            case 0x88 -> OPEN;
            case 0x89 -> CLOSE;
            case 0x8A -> ABORT;
            case 0x8D -> ERROR;
            case 0x8E -> PING;
            case 0x8F -> PONG;
            default -> null;
        };
    }

    /** Whether a body of {@code header} bytes (8 for FLOAT) follows the type byte. */
    public boolean hasBody() {
        return this == STRING || this == LONGINT || this == LONGNEG || this == ERROR || this == FLOAT;
    }
}
