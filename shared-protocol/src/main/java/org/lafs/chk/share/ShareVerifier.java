package org.lafs.chk.share;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.Tags;
import org.lafs.chk.tree.MerkleTree;
import org.lafs.chk.tree.ShareHashChain;
import org.lafs.format.TaggedHash;

/**
 * Parses and fully verifies one share container (chk-format.md section 11) against an expected
 * UEB hash: UEB hash; header equal to the layout recomputed from the UEB; container length equal
 * to the allocated size; plaintext-tree region all zeros (Tahoe ignores it; we require zeros so
 * that every byte is checked); crypttext tree consistent with root = UEB crypttext_root_hash;
 * block tree consistent; share hash chain leads from the block tree root to UEB share_root_hash;
 * every block hashes to its block-tree leaf. Hence any changed byte is detected.
 *
 * <p>Reads the share piecewise (one block at a time plus the trees). Pure apart from reads from
 * the {@link ShareSource}; thread-safe.
 */
public final class ShareVerifier {
    private ShareVerifier() {}

    /**
     * Verifies share {@code shnum}.
     *
     * @param expectedUebHash the UEB hash from the cap
     * @throws CorruptShareException naming the first problem found
     * @throws IOException if the source cannot be read
     */
    public static VerifiedShare verify(ShareSource share, int shnum, byte[] expectedUebHash)
            throws CorruptShareException, IOException {
        long total = share.size();
        if (total < 4) {
            throw new CorruptShareException("share of " + total + " bytes has no header");
        }
        byte[] first = share.read(0, (int) Math.min(total, ShareHeader.V2_SIZE));
        ShareHeader header = ShareHeader.parseShare(first);
        int lenField = header.uebLengthFieldSize();
        if (header.uebLengthOffset() < header.size() || header.uebLengthOffset() > total - lenField) {
            throw new CorruptShareException("UEB length offset " + header.uebLengthOffset() + " outside the share");
        }
        long uebLength = header.readUebLength(share.read(header.uebLengthOffset(), lenField), 0);
        if (uebLength < 0 || uebLength > UriExtension.MAX_LENGTH) {
            throw new CorruptShareException("UEB length " + uebLength + " exceeds " + UriExtension.MAX_LENGTH);
        }
        long uebOffset = header.uebLengthOffset() + lenField;
        if (uebOffset + uebLength != total) {
            throw new CorruptShareException("share is " + total + " bytes but its UEB ends at " + (uebOffset + uebLength));
        }
        byte[] uebBytes = share.read(uebOffset, (int) uebLength);
        UriExtension ueb = authenticUeb(uebBytes, expectedUebHash);
        FileGeometry g = ueb.geometry();
        if (shnum < 0 || shnum >= g.n()) {
            throw new CorruptShareException("share number " + shnum + " not in 0.." + (g.n() - 1));
        }
        ShareLayout layout = ShareLayout.ofShare(g, (int) uebLength, header.version());
        if (!layout.header().equals(header)) {
            throw new CorruptShareException("header " + header + " differs from the layout the UEB implies");
        }
        checkZeros(share, layout.trailerOffset(), layout.treeSize());
        long segt = layout.treeSize();
        int segments = g.numSegments();
        byte[] crypttextTree = readTree(share, header.crypttextTreeOffset(), segt);
        byte[] crypttextRoot = checkTree("crypttext", crypttextTree, segments);
        if (!Arrays.equals(crypttextRoot, ueb.crypttextRootHash())) {
            throw new CorruptShareException("crypttext hash tree root differs from the UEB");
        }
        byte[] blockTree = readTree(share, header.blockTreeOffset(), segt);
        byte[] blockRoot = checkTree("block", blockTree, segments);
        byte[] chain = share.read(header.shareChainOffset(), layout.chainSize());
        byte[] shareRoot;
        try {
            shareRoot = ShareHashChain.verify(chain, 0, g.n(), shnum, blockRoot);
        } catch (IllegalArgumentException e) {
            throw new CorruptShareException(e.getMessage());
        }
        if (!Arrays.equals(shareRoot, ueb.shareRootHash())) {
            throw new CorruptShareException("share hash chain does not lead to the UEB share root");
        }
        int leaf0 = MerkleTree.nextPow2(segments) - 1;
        byte[] block = new byte[g.blockSize()];
        for (int s = 0; s < segments; s++) {
            int b = g.blockLength(s);
            share.read(layout.dataOffset() + g.blockOffset(s), block, 0, b);
            byte[] h = TaggedHash.hasher(Tags.BLOCK).update(block, 0, b).digest();
            int at = (leaf0 + s) * MerkleTree.HASH;
            if (!Arrays.equals(h, 0, MerkleTree.HASH, blockTree, at, at + MerkleTree.HASH)) {
                throw new CorruptShareException("block of segment " + s + " does not match its hash");
            }
        }
        return new VerifiedShare(shnum, ueb, layout);
    }

    /**
     * The UEB a share carries, once its bytes hash to {@code expectedUebHash} (the cap's, or the
     * one agreed by several servers) and parse: the one check every reader of a share starts with.
     */
    public static UriExtension authenticUeb(byte[] uebBytes, byte[] expectedUebHash) throws CorruptShareException {
        if (!MessageDigest.isEqual(UriExtension.hash(uebBytes), expectedUebHash)) {
            throw new CorruptShareException("UEB hash mismatch");
        }
        try {
            return UriExtension.parse(uebBytes);
        } catch (IllegalArgumentException e) {
            throw new CorruptShareException("UEB with the expected hash is malformed: " + e.getMessage());
        }
    }

    /** Reads one verified share's crypttext tree leaf (segment hash) {@code s}. */
    public static byte[] segmentHash(ShareSource share, ShareLayout layout, int numSegments, int s)
            throws IOException {
        long at = layout.header().crypttextTreeOffset()
                + (long) (MerkleTree.nextPow2(numSegments) - 1 + s) * MerkleTree.HASH;
        return share.read(at, MerkleTree.HASH);
    }

    private static byte[] readTree(ShareSource share, long offset, long size) throws IOException, CorruptShareException {
        if (size > Integer.MAX_VALUE - 16) {
            throw new CorruptShareException("hash tree of " + size + " bytes is too large");
        }
        return share.read(offset, (int) size);
    }

    private static byte[] checkTree(String name, byte[] tree, int leaves) throws CorruptShareException {
        try {
            return MerkleTree.verifyFlat(tree, 0, leaves);
        } catch (IllegalArgumentException e) {
            throw new CorruptShareException(name + " hash tree: " + e.getMessage());
        }
    }

    private static void checkZeros(ShareSource share, long offset, long size) throws IOException, CorruptShareException {
        byte[] buf = new byte[(int) Math.min(size, 64 * 1024)];
        for (long done = 0; done < size; ) {
            int len = (int) Math.min(buf.length, size - done);
            share.read(offset + done, buf, 0, len);
            for (int i = 0; i < len; i++) {
                if (buf[i] != 0) {
                    throw new CorruptShareException("unused plaintext hash tree region has a non-zero byte at "
                            + (offset + done + i));
                }
            }
            done += len;
        }
    }
}
