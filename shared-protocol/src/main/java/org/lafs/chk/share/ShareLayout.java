package org.lafs.chk.share;

import org.lafs.chk.FileGeometry;
import org.lafs.chk.tree.MerkleTree;
import org.lafs.chk.tree.ShareHashChain;

/**
 * Where everything sits in one share container, chk-format.md section 11. The layout is the
 * same for every share of a file and is known before encoding (section 12), so buckets can be
 * allocated with {@link #allocatedSize()} first.
 *
 * <p>Order: header, data, plaintext-tree region (zeros), crypttext tree, block tree, share
 * hash chain, UEB length, UEB. The "trailer" is everything from the plaintext-tree region on.
 *
 * @param header the header written at offset 0
 * @param treeSize SEGT: bytes of one segment-indexed tree, (2*next_pow2(numSegments)-1)*32
 * @param chainSize bytes of the share hash chain
 * @param uebLength bytes of the UEB
 */
public record ShareLayout(ShareHeader header, long treeSize, int chainSize, int uebLength) {

    /** The layout with v1/v2 chosen as section 11.4 says. */
    public static ShareLayout of(FileGeometry g) {
        return of(g, UriExtension.serializedLength(g));
    }

    /** The layout for a known UEB length, v1 unless a field needs 2^32 or more. */
    public static ShareLayout of(FileGeometry g, int uebLength) {
        ShareLayout v1 = compute(g, uebLength, 1);
        return v1 != null ? v1 : compute(g, uebLength, 2);
    }

    /**
     * The layout a share's UEB implies, for readers that check a share: geometry that has no
     * layout in the share's version makes the share corrupt.
     */
    public static ShareLayout ofShare(FileGeometry g, int uebLength, int version) throws CorruptShareException {
        try {
            return of(g, uebLength, version);
        } catch (IllegalArgumentException e) {
            throw new CorruptShareException(e.getMessage());
        }
    }

    /**
     * The layout with a forced version (Tahoe reads v2 for any size; tests force it).
     *
     * @throws IllegalArgumentException if v1 is forced but a field does not fit in 32 bits
     */
    public static ShareLayout of(FileGeometry g, int uebLength, int version) {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("share version must be 1 or 2, got " + version);
        }
        ShareLayout l = compute(g, uebLength, version);
        if (l == null) {
            throw new IllegalArgumentException("share of this size does not fit the v1 layout");
        }
        return l;
    }

    private static ShareLayout compute(FileGeometry g, int uebLength, int version) {
        long segt = MerkleTree.serializedSize(g.numSegments());
        int chain = ShareHashChain.size(g.n());
        long data = ShareHeader.size(version);
        long plaintext = data + g.shareDataSize();
        long crypttext = plaintext + segt;
        long block = crypttext + segt;
        long chainOff = block + segt;
        long uebLenOff = chainOff + chain;
        if (version == 1 && (g.blockSize() >= ShareHeader.V1_LIMIT || g.shareDataSize() >= ShareHeader.V1_LIMIT
                || uebLenOff >= ShareHeader.V1_LIMIT)) {
            return null;
        }
        ShareHeader h = new ShareHeader(version, g.blockSize(), g.shareDataSize(), data, plaintext, crypttext,
                block, chainOff, uebLenOff);
        return new ShareLayout(h, segt, chain, uebLength);
    }

    public int version() {
        return header.version();
    }

    public long dataOffset() {
        return header.dataOffset();
    }

    /** Start of the trailer (the plaintext-tree region). */
    public long trailerOffset() {
        return header.plaintextTreeOffset();
    }

    /** Offset of the UEB bytes themselves. */
    public long uebOffset() {
        return header.uebLengthOffset() + header.uebLengthFieldSize();
    }

    /** Total share length: the allocated size for the storage server. */
    public long allocatedSize() {
        return uebOffset() + uebLength;
    }

    /** Bytes from {@link #trailerOffset()} to the end. */
    public long trailerSize() {
        return allocatedSize() - trailerOffset();
    }
}
