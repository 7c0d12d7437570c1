package org.lafs.chk.cap;

import java.util.Arrays;
import org.lafs.chk.StorageIndex;
import org.lafs.format.Base32;

/**
 * Read cap {@code URI:CHK:<key>:<UEB hash>:<k>:<n>:<size>} (chk-format.md section 10).
 * The key is secret: {@code toString()} redacts it. Immutable.
 */
public record ChkCap(byte[] key, byte[] uebHash, int k, int n, long size) implements Capability {
    public static final String PREFIX = "URI:CHK:";

    public ChkCap {
        if (key == null || key.length != 16) {
            throw new IllegalArgumentException("CHK key must be 16 bytes");
        }
        if (uebHash == null || uebHash.length != 32) {
            throw new IllegalArgumentException("UEB hash must be 32 bytes");
        }
        CapFields.check(k, n, size);
        key = key.clone();
        uebHash = uebHash.clone();
    }

    static ChkCap parse(String text) {
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("CHK read cap must start with " + PREFIX);
        }
        CapFields.Parsed p = CapFields.parse("CHK cap", text.substring(PREFIX.length()), "key");
        return new ChkCap(p.first(), p.uebHash(), p.k(), p.n(), p.size());
    }

    /** Parses a read cap; anything else is an IllegalArgumentException. */
    public static ChkCap parseChk(String text) {
        if (text == null || text.length() > Capability.MAX_LENGTH) {
            throw new IllegalArgumentException("CHK cap missing or too long");
        }
        return parse(text);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] uebHash() {
        return uebHash.clone();
    }

    public byte[] storageIndex() {
        return StorageIndex.of(key);
    }

    public ChkVerifierCap verifier() {
        return new ChkVerifierCap(storageIndex(), uebHash, k, n, size);
    }

    @Override
    public String uri() {
        return PREFIX + Base32.encode(key) + ":" + Base32.encode(uebHash) + ":" + k + ":" + n + ":" + size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChkCap c && Arrays.equals(key, c.key) && Arrays.equals(uebHash, c.uebHash)
                && k == c.k && n == c.n && size == c.size;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(uebHash) * 31 + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return "URI:CHK:<redacted>:" + k + ":" + n + ":" + size;
    }
}
