package org.lafs.chk.cap;

import org.lafs.format.Base32;

/** Shared strict parsing of the {@code base32:base32:k:n:size} tail of CHK caps. */
final class CapFields {
    private CapFields() {}

    record Parsed(byte[] first, byte[] uebHash, int k, int n, long size) {}

    static Parsed parse(String kind, String rest, String firstName) {
        String[] parts = rest.split(":", -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException(kind + " must have 5 fields after the prefix, got " + parts.length);
        }
        byte[] first = base32(kind, firstName, parts[0], 16);
        byte[] ueb = base32(kind, "UEB hash", parts[1], 32);
        int k = (int) number(kind, "k", parts[2], 256);
        int n = (int) number(kind, "n", parts[3], 256);
        long size = number(kind, "size", parts[4], Long.MAX_VALUE);
        check(k, n, size);
        return new Parsed(first, ueb, k, n, size);
    }

    static void check(int k, int n, long size) {
        if (n < 1 || n > 256) {
            throw new IllegalArgumentException("total shares n=" + n + " must be in 1..256");
        }
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("needed shares k=" + k + " must be in 1..n (n=" + n + ")");
        }
        if (size < 1) {
            throw new IllegalArgumentException("CHK file size must be >= 1, got " + size);
        }
    }

    private static byte[] base32(String kind, String name, String text, int bytes) {
        int chars = Base32.encodedLength(bytes);
        if (text.length() != chars) {
            throw new IllegalArgumentException(kind + " " + name + " must be " + chars + " base32 characters, got "
                    + text.length());
        }
        try {
            return Base32.decode(text, bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(kind + " " + name + ": " + e.getMessage());
        }
    }

    private static long number(String kind, String name, String text, long max) {
        if (text.isEmpty() || text.length() > 19) {
            throw new IllegalArgumentException(kind + " " + name + " must be 1..19 decimal digits");
        }
        if (text.length() > 1 && text.charAt(0) == '0') {
            throw new IllegalArgumentException(kind + " " + name + " has a leading zero");
        }
        long x = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(kind + " " + name + " is not a decimal number");
            }
            x = x * 10 + (c - '0');
            if (x < 0 || x > max) {
                throw new IllegalArgumentException(kind + " " + name + " exceeds " + max);
            }
        }
        return x;
    }
}
