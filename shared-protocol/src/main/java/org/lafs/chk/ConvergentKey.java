package org.lafs.chk;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.lafs.format.Netstring;
import org.lafs.format.TaggedHash;

/**
 * Convergent encryption key derivation, chk-format.md section 4:
 * {@code key = sha256d(ns(prefix || ns(C) || ns("k,n,S")) || plaintext)[:16]}, where S is the
 * effective segment size (section 3.1), not the configured maximum, and happy is not included.
 *
 * <p>Use {@link #deriver} to hash the plaintext incrementally (one pass, constant memory), or
 * {@link #derive(InputStream, long, byte[], EncodingParameters)} for a stream.
 */
public final class ConvergentKey {
    /** Key length: AES-128 (section 4). */
    public static final int LENGTH = 16;
    /** Bound on the convergence secret length; Tahoe nodes use 32 bytes, the vectors 16. */
    public static final int MAX_SECRET_LENGTH = 1024;

    private ConvergentKey() {}

    /** The tag bytes {@code prefix || ns(C) || ns("k,n,S")} (before the outer netstring). */
    public static byte[] tag(byte[] convergenceSecret, int k, int n, int segmentSize) {
        if (convergenceSecret.length > MAX_SECRET_LENGTH) {
            throw new IllegalArgumentException("convergence secret longer than " + MAX_SECRET_LENGTH + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Tags.CONVERGENT_KEY_PREFIX.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(Netstring.encode(convergenceSecret));
        out.writeBytes(Netstring.encode(k + "," + n + "," + segmentSize));
        return out.toByteArray();
    }

    /** A fresh incremental deriver for a file with the given geometry. */
    public static Deriver deriver(byte[] convergenceSecret, FileGeometry geometry) {
        return new Deriver(tag(convergenceSecret, geometry.k(), geometry.n(), geometry.segmentSize()));
    }

    /** Key of an in-memory plaintext (tests, small files). */
    public static byte[] derive(byte[] plaintext, byte[] convergenceSecret, EncodingParameters params) {
        FileGeometry g = params.geometry(plaintext.length);
        return deriver(convergenceSecret, g).update(plaintext, 0, plaintext.length).finish();
    }

    /**
     * Reads exactly {@code size} bytes of plaintext and returns the key.
     *
     * @throws EOFException if the stream ends early
     */
    public static byte[] derive(InputStream plaintext, long size, byte[] convergenceSecret,
                                EncodingParameters params) throws IOException {
        Deriver d = deriver(convergenceSecret, params.geometry(size));
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int r = plaintext.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("plaintext ended " + left + " bytes before its declared size " + size);
            }
            d.update(buf, 0, r);
            left -= r;
        }
        return d.finish();
    }

    /** Incremental key derivation. Not thread-safe; single use. */
    public static final class Deriver {
        private final MessageDigest hasher = TaggedHash.sha256();

        private Deriver(byte[] tag) {
            hasher.update(Netstring.encode(tag));
        }

        public Deriver update(byte[] data, int offset, int length) {
            hasher.update(data, offset, length);
            return this;
        }

        public Deriver update(ByteBuffer data) {
            hasher.update(data);
            return this;
        }

        /** The 16-byte key. */
        public byte[] finish() {
            return Arrays.copyOf(hasher.digest(hasher.digest()), LENGTH);
        }
    }
}
