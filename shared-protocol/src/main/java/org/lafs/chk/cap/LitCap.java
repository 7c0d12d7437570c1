package org.lafs.chk.cap;

import java.util.Arrays;
import org.lafs.format.Base32;

/**
 * Literal cap {@code URI:LIT:<base32(data)>} for files of at most 55 bytes (chk-format.md
 * section 3); the empty file is {@code URI:LIT:}. The cap is the file: {@code toString()} shows
 * only its length. Immutable.
 */
public record LitCap(byte[] data) implements Capability {
    public static final String PREFIX = "URI:LIT:";
    /** Tahoe stores files of up to 55 bytes in the cap itself; CHK starts at 56 (section 3). */
    public static final int MAX_DATA = 55;

    public LitCap {
        if (data == null || data.length > MAX_DATA) {
            throw new IllegalArgumentException("LIT data must be 0.." + MAX_DATA + " bytes");
        }
        data = data.clone();
    }

    static LitCap parse(String text) {
        String b32 = text.substring(PREFIX.length());
        if (b32.length() > Base32.encodedLength(MAX_DATA)) {
            throw new IllegalArgumentException("LIT cap data longer than " + MAX_DATA + " bytes");
        }
        try {
            return new LitCap(Base32.decode(b32));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LIT cap: " + e.getMessage());
        }
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public String uri() {
        return PREFIX + Base32.encode(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LitCap c && Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "URI:LIT:<redacted " + data.length + " bytes>";
    }
}
