package org.lafs.chk;

import java.util.Arrays;
import org.lafs.format.TaggedHash;

/** Storage index from a CHK key: {@code H(tag, key)[:16]}, chk-format.md section 5. */
public final class StorageIndex {
    public static final int LENGTH = 16;

    private StorageIndex() {}

    /** The 16-byte storage index of a 16-byte key. */
    public static byte[] of(byte[] key) {
        if (key.length != ConvergentKey.LENGTH) {
            throw new IllegalArgumentException("CHK key must be 16 bytes, got " + key.length);
        }
        return Arrays.copyOf(TaggedHash.hash(Tags.STORAGE_INDEX, key), LENGTH);
    }
}
