package org.lafs.chk.share;

import java.io.EOFException;
import java.io.IOException;

/**
 * Random read access to one share container (an in-memory array, a file, a remote bucket
 * behind a blocking adapter). Used by {@link ShareVerifier} and the decoder so shares larger
 * than an array can be checked piecewise.
 */
public interface ShareSource {
    /** Total length of the share container in bytes. */
    long size() throws IOException;

    /** Fills {@code dst[off, off+len)} with the bytes at {@code position}. */
    void read(long position, byte[] dst, int off, int len) throws IOException;

    default byte[] read(long position, int len) throws IOException {
        byte[] out = new byte[len];
        read(position, out, 0, len);
        return out;
    }

    /** A source over an in-memory share (not copied). */
    static ShareSource of(byte[] share) {
        return new ShareSource() {
            @Override
            public long size() {
                return share.length;
            }

            @Override
            public void read(long position, byte[] dst, int off, int len) throws IOException {
                if (position < 0 || position > share.length - (long) len) {
                    throw new EOFException("read of " + len + " bytes at " + position + " beyond share end " + share.length);
                }
                System.arraycopy(share, (int) position, dst, off, len);
            }
        };
    }
}
