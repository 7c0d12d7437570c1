package org.lafs.format;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Tahoe's tagged hashes, all built on SHA-256d (chk-format.md sections 1.2 and 1.3).
 *
 * <p>{@link #hasher(String)} gives a streaming hasher for large values (whole-file hashes),
 * so a file never has to be in memory to be hashed.
 */
public final class TaggedHash {
    public static final int LENGTH = 32;

    private TaggedHash() {}

    /** A fresh JCA SHA-256 (hardware-accelerated; see PERF-NOTES.md). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** {@code SHA256(SHA256(x))}. */
    public static byte[] sha256d(byte[] data) {
        MessageDigest md = sha256();
        return md.digest(md.digest(data));
    }

    /** {@code H(tag, value) = sha256d(ns(tag) || value)}: the value is not netstring-wrapped. */
    public static byte[] hash(String tag, byte[] value) {
        return hash(tag.getBytes(StandardCharsets.US_ASCII), value);
    }

    /** As {@link #hash(String, byte[])} with a binary tag (lease secrets use one). */
    public static byte[] hash(byte[] tag, byte[] value) {
        MessageDigest md = sha256();
        md.update(Netstring.encode(tag));
        md.update(value);
        return md.digest(md.digest());
    }

    /** {@code H2(tag, a, b) = sha256d(ns(tag) || ns(a) || ns(b))}. */
    public static byte[] pairHash(String tag, byte[] a, byte[] b) {
        MessageDigest md = sha256();
        md.update(Netstring.encode(tag));
        md.update(Netstring.encode(a));
        md.update(Netstring.encode(b));
        return md.digest(md.digest());
    }

    /** A streaming tagged hasher: feed the value in pieces, then {@link Hasher#digest()}. */
    public static Hasher hasher(String tag) {
        return new Hasher(tag.getBytes(StandardCharsets.US_ASCII));
    }

    /** Streaming form of {@link #hash(byte[], byte[])}. Not thread-safe; single use. */
    public static final class Hasher {
        private final MessageDigest md = sha256();

        Hasher(byte[] tag) {
            md.update(Netstring.encode(tag));
        }

        public Hasher update(byte[] data, int offset, int length) {
            md.update(data, offset, length);
            return this;
        }

        public Hasher update(byte[] data) {
            md.update(data);
            return this;
        }

        public Hasher update(java.nio.ByteBuffer data) {
            md.update(data);
            return this;
        }

        public byte[] digest() {
            return md.digest(md.digest());
        }
    }
}
