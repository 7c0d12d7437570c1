package org.lafs.chk.share;

import java.nio.ByteBuffer;

/**
 * The share container header, chk-format.md sections 11.1 (v1: nine uint32, 36 bytes) and
 * 11.2 (v2: uint32 version then eight uint64, 68 bytes). Big-endian. Pure value.
 */
public record ShareHeader(int version, long blockSize, long shareDataSize, long dataOffset,
                          long plaintextTreeOffset, long crypttextTreeOffset, long blockTreeOffset,
                          long shareChainOffset, long uebLengthOffset) {
    public static final int V1_SIZE = 0x24;
    public static final int V2_SIZE = 0x44;
    /** 2^32: v1 fields must be below it (section 11.4). */
    static final long V1_LIMIT = 1L << 32;

    public ShareHeader {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("share version must be 1 or 2, got " + version);
        }
        for (long f : new long[] {blockSize, shareDataSize, dataOffset, plaintextTreeOffset,
                crypttextTreeOffset, blockTreeOffset, shareChainOffset, uebLengthOffset}) {
            if (f < 0 || (version == 1 && f >= V1_LIMIT)) {
                throw new IllegalArgumentException("share header field " + f + " out of range for v" + version);
            }
        }
    }

    /** Header length for a version: 36 or 68. */
    public static int size(int version) {
        return version == 1 ? V1_SIZE : V2_SIZE;
    }

    public int size() {
        return size(version);
    }

    /** Width of the UEB length field: 4 (v1) or 8 (v2). */
    public int uebLengthFieldSize() {
        return version == 1 ? 4 : 8;
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(size());
        b.putInt(version);
        for (long f : fields()) {
            if (version == 1) {
                b.putInt((int) f);
            } else {
                b.putLong(f);
            }
        }
        return b.array();
    }

    private long[] fields() {
        return new long[] {blockSize, shareDataSize, dataOffset, plaintextTreeOffset, crypttextTreeOffset,
                blockTreeOffset, shareChainOffset, uebLengthOffset};
    }

    /** Reads the version from the first 4 bytes. */
    public static int version(byte[] buf, int off) {
        if (buf.length - off < 4) {
            throw new IllegalArgumentException("share shorter than its 4-byte version field");
        }
        return ByteBuffer.wrap(buf, off, 4).getInt();
    }

    /**
     * Parses the header a share starts with, for readers that check a share: a header that does
     * not parse makes the share corrupt.
     */
    public static ShareHeader parseShare(byte[] first) throws CorruptShareException {
        try {
            return parse(first, 0);
        } catch (IllegalArgumentException e) {
            throw new CorruptShareException("bad header: " + e.getMessage());
        }
    }

    /**
     * Reads the UEB length field at {@code buf[off..]}: 4 bytes unsigned in v1, 8 in v2
     * ({@link #uebLengthFieldSize()}). Callers check its range themselves.
     */
    public long readUebLength(byte[] buf, int off) {
        ByteBuffer b = ByteBuffer.wrap(buf).position(off);
        return uebLengthFieldSize() == 4 ? Integer.toUnsignedLong(b.getInt()) : b.getLong();
    }

    /**
     * Parses a header at {@code buf[off..]}; needs {@link #size(int)} bytes for its version.
     *
     * @throws IllegalArgumentException for an unknown version, truncation or out-of-range fields
     */
    public static ShareHeader parse(byte[] buf, int off) {
        int version = version(buf, off);
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("unknown share version " + Integer.toUnsignedString(version));
        }
        int size = size(version);
        if (buf.length - off < size) {
            throw new IllegalArgumentException("share header truncated: v" + version + " needs " + size + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(buf, off + 4, size - 4);
        long[] f = new long[8];
        for (int i = 0; i < 8; i++) {
            f[i] = version == 1 ? Integer.toUnsignedLong(b.getInt()) : b.getLong();
        }
        return new ShareHeader(version, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
    }
}
