package org.lafs.helper.foolscap.banana;

import java.util.HexFormat;

/**
 * One Banana token as read from the wire.
 *
 * @param type the token type
 * @param header the base-128 header value (length, number, open-id or table index)
 * @param body the bytes after the type byte (STRING, LONGINT, LONGNEG, FLOAT, ERROR), else empty
 */
public record Token(TokenType type, long header, byte[] body) {
    static final byte[] NO_BODY = new byte[0];

    @Override
    public String toString() {
        if (body.length == 0) {
            return type + "(" + header + ")";
        }
        return type + "(" + header + ", " + (body.length > 24 ? body.length + " bytes" : HexFormat.of().formatHex(body)) + ")";
    }
}
