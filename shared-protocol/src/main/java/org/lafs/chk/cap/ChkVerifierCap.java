package org.lafs.chk.cap;

import java.util.Arrays;
import org.lafs.format.Base32;

/**
 * Verify cap {@code URI:CHK-Verifier:<SI>:<UEB hash>:<k>:<n>:<size>} (chk-format.md section 10):
 * enough to find and check shares, not to read them. Immutable.
 */
public record ChkVerifierCap(byte[] storageIndex, byte[] uebHash, int k, int n, long size) implements Capability {
    public static final String PREFIX = "URI:CHK-Verifier:";

    public ChkVerifierCap {
        if (storageIndex == null || storageIndex.length != 16) {
            throw new IllegalArgumentException("storage index must be 16 bytes");
        }
        if (uebHash == null || uebHash.length != 32) {
            throw new IllegalArgumentException("UEB hash must be 32 bytes");
        }
        CapFields.check(k, n, size);
        storageIndex = storageIndex.clone();
        uebHash = uebHash.clone();
    }

    static ChkVerifierCap parse(String text) {
        CapFields.Parsed p = CapFields.parse("CHK verify cap", text.substring(PREFIX.length()), "storage index");
        return new ChkVerifierCap(p.first(), p.uebHash(), p.k(), p.n(), p.size());
    }

    @Override
    public byte[] storageIndex() {
        return storageIndex.clone();
    }

    @Override
    public byte[] uebHash() {
        return uebHash.clone();
    }

    @Override
    public String uri() {
        return PREFIX + Base32.encode(storageIndex) + ":" + Base32.encode(uebHash) + ":" + k + ":" + n + ":" + size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChkVerifierCap c && Arrays.equals(storageIndex, c.storageIndex)
                && Arrays.equals(uebHash, c.uebHash) && k == c.k && n == c.n && size == c.size;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storageIndex);
    }

    /** Shows the storage index (public on every server) but not the UEB hash. */
    @Override
    public String toString() {
        return PREFIX + Base32.encode(storageIndex) + ":<redacted>:" + k + ":" + n + ":" + size;
    }
}
