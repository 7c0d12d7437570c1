package org.lafs.gbs;

/**
 * A half-open byte range {@code [begin, end)}, as in the {@code required} list of a PATCH
 * response (spec section 3.3).
 */
public record ByteRange(long begin, long end) {
    public ByteRange {
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("invalid byte range [" + begin + ", " + end + ")");
        }
    }

    public long length() {
        return end - begin;
    }
}
