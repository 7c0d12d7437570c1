package org.lafs.format;

import java.util.Arrays;

/**
 * Tahoe-LAFS base32: RFC 4648 bit order with a lower-case alphabet and no {@code =} padding
 * (spec: chk-format.md section 1.4). Pure functions, thread-safe.
 */
public final class Base32 {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int[] VALUES = new int[128];

    static {
        Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = i;
        }
    }

    private Base32() {}

    /** Encodes bytes as lower-case base32 without padding. */
    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** Number of base32 characters that {@code byteLength} bytes encode to. */
    public static int encodedLength(int byteLength) {
        return (byteLength * 8 + 4) / 5;
    }

    /**
     * Decodes strictly: only the lower-case alphabet, and the unused low bits of the final
     * character must be zero (so each byte string has exactly one encoding, as Tahoe's cap
     * parser requires).
     *
     * @throws IllegalArgumentException on any other character, an impossible length, or
     *     non-zero padding bits
     */
    public static byte[] decode(CharSequence text) {
        int length = text.length();
        int byteLength = length * 5 / 8;
        if (encodedLength(byteLength) != length) {
            throw new IllegalArgumentException("base32 text of " + length + " characters is not a whole number of bytes");
        }
        byte[] out = new byte[byteLength];
        int buffer = 0;
        int bits = 0;
        int pos = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                throw new IllegalArgumentException("invalid base32 character at position " + i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[pos++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
                buffer &= (1 << bits) - 1;
            }
        }
        if (buffer != 0) {
            throw new IllegalArgumentException("base32 text has non-zero padding bits");
        }
        return out;
    }

    /** Decodes and also requires exactly {@code expectedBytes} bytes. */
    public static byte[] decode(CharSequence text, int expectedBytes) {
        if (text.length() != encodedLength(expectedBytes)) {
            throw new IllegalArgumentException("expected " + encodedLength(expectedBytes)
                    + " base32 characters, got " + text.length());
        }
        return decode(text);
    }
}
