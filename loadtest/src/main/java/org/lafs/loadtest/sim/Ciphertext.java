package org.lafs.loadtest.sim;

import io.vertx.core.buffer.Buffer;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.lafs.chk.EncodingParameters;
import org.lafs.format.Base32;

/**
 * What a simulated client sends: pseudo-random bytes standing in for AES-CTR ciphertext (the
 * helper cannot tell them apart), a random storage index, and the effective segment size
 * chk-format.md section 3.1 derives from k and the file size.
 */
public final class Ciphertext {
    /** Size of the shared random pool that uploads slice their bytes from. */
    static final int POOL = 8 << 20;
    private static final Buffer DATA;

    static {
        byte[] b = new byte[POOL];
        new Random(20090801).nextBytes(b);
        DATA = Buffer.buffer(b);
    }

    private Ciphertext() {}

    /** {@code length} bytes of the file at {@code offset} (a view into the pool, no copy). */
    public static Buffer slice(long offset, int length) {
        if (length > POOL / 2) {
            throw new IllegalArgumentException("slice too large");
        }
        int start = (int) (offset % (POOL / 2));
        return DATA.slice(start, start + length);
    }

    /** A fresh random storage index in the helper's URL form (26 lower-case base32 chars). */
    public static String randomStorageIndex() {
        byte[] si = new byte[16];
        ThreadLocalRandom.current().nextBytes(si);
        return Base32.encode(si);
    }

    /** roundup(min(maxSegment, size), k): the segment size a Tahoe client declares. */
    public static long effectiveSegmentSize(long size, int k, int maxSegment) {
        long s = Math.min(maxSegment, size);
        return (s + k - 1) / k * k;
    }

    public static long effectiveSegmentSize(long size, EncodingParameters p) {
        return effectiveSegmentSize(size, p.k(), p.maxSegmentSize());
    }
}
