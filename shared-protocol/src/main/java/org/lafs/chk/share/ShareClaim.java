package org.lafs.chk.share;

import java.security.MessageDigest;
import java.util.Arrays;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.tree.MerkleTree;
import org.lafs.chk.tree.ShareHashChain;

/**
 * What a stored share claims about the file it belongs to, read without its blocks: the header,
 * the root of its block hash tree, and its tail (share hash chain, UEB length, UEB; chk-format.md
 * section 11). A few hundred bytes, so a share found "already there" can be checked before
 * anyone counts on it:
 * <ul>
 *   <li>{@link #consistentUeb} (the helper's grid check, which does not know the file): the
 *       header is the layout the UEB implies and the chain leads from the block-tree root to the
 *       UEB's share root, so the share is at least a well-formed share of <em>that</em> UEB;</li>
 *   <li>{@link #equals} the claim of the uploader's own share (an uploader has just encoded the
 *       file itself): every one of these bytes is as in its own share, so the stored share is
 *       this file's share.</li>
 * </ul>
 * Blocks and the inner tree nodes are not read: a reader checks them against the root, as Tahoe
 * does, and {@code check --verify} reads them all. Pure; immutable.
 */
public final class ShareClaim {
    /** Most bytes of a share hash chain: n = 256 needs 9 entries (chk-format.md section 8.2). */
    public static final int MAX_CHAIN = ShareHashChain.size(256);

    private final ShareHeader header;
    private final byte[] headerBytes;
    private final byte[] blockRoot;
    private final byte[] chain;
    private final byte[] ueb;

    private ShareClaim(ShareHeader header, byte[] headerBytes, byte[] blockRoot, byte[] chain, byte[] ueb) {
        this.header = header;
        this.headerBytes = headerBytes;
        this.blockRoot = blockRoot;
        this.chain = chain;
        this.ueb = ueb;
    }

    /**
     * Parses the header from the first bytes of a share ({@link ShareHeader#V2_SIZE} are always
     * enough).
     *
     * @throws CorruptShareException when they are no header, or its tail offsets make no sense
     */
    public static ShareHeader header(byte[] first) throws CorruptShareException {
        ShareHeader h = ShareHeader.parseShare(first);
        long chainLength = h.uebLengthOffset() - h.shareChainOffset();
        if (h.blockTreeOffset() < h.size() || h.shareChainOffset() < h.blockTreeOffset() + MerkleTree.HASH
                || chainLength < ShareHashChain.ENTRY || chainLength > MAX_CHAIN) {
            throw new CorruptShareException("header offsets out of order: " + h);
        }
        return h;
    }

    /** Bytes to read from {@link ShareHeader#shareChainOffset()} to have the whole tail: chain, UEB length, UEB. */
    public static int tailReadLength(ShareHeader h) {
        return (int) (h.uebLengthOffset() - h.shareChainOffset()) + h.uebLengthFieldSize() + UriExtension.MAX_LENGTH;
    }

    /**
     * Assembles a claim from the three reads.
     *
     * @param first the share's first bytes (at least its header)
     * @param blockRoot the 32 bytes at {@code header.blockTreeOffset()}
     * @param tail bytes from {@code header.shareChainOffset()}: at least the chain, the UEB length
     *     and that many UEB bytes (more are ignored)
     */
    public static ShareClaim of(byte[] first, byte[] blockRoot, byte[] tail) throws CorruptShareException {
        ShareHeader h = header(first);
        if (blockRoot.length != MerkleTree.HASH) {
            throw new CorruptShareException("block tree root is " + blockRoot.length + " bytes");
        }
        int chainLength = (int) (h.uebLengthOffset() - h.shareChainOffset());
        int field = h.uebLengthFieldSize();
        if (tail.length < chainLength + field) {
            throw new CorruptShareException("share ends inside its hash chain or UEB length");
        }
        long uebLength = h.readUebLength(tail, chainLength);
        if (uebLength < 1 || uebLength > UriExtension.MAX_LENGTH || tail.length < chainLength + field + uebLength) {
            throw new CorruptShareException("UEB length " + uebLength + " is out of range or past the end of the share");
        }
        int uebAt = chainLength + field;
        return new ShareClaim(h, Arrays.copyOf(first, h.size()), blockRoot.clone(), Arrays.copyOf(tail, chainLength),
                Arrays.copyOfRange(tail, uebAt, uebAt + (int) uebLength));
    }

    public ShareHeader header() {
        return header;
    }

    public byte[] uebBytes() {
        return ueb.clone();
    }

    public byte[] uebHash() {
        return UriExtension.hash(ueb);
    }

    /**
     * The UEB this share carries, once the share is consistent with it as share {@code shnum}:
     * the UEB parses, the header is the layout it implies, and the chain leads from the block
     * tree root to its share root.
     *
     * @throws CorruptShareException naming the first inconsistency
     */
    public UriExtension consistentUeb(int shnum) throws CorruptShareException {
        UriExtension u;
        try {
            u = UriExtension.parse(ueb);
        } catch (IllegalArgumentException e) {
            throw new CorruptShareException("UEB does not parse: " + e.getMessage());
        }
        FileGeometry g = u.geometry();
        if (shnum < 0 || shnum >= g.n()) {
            throw new CorruptShareException("share number " + shnum + " not in 0.." + (g.n() - 1));
        }
        ShareLayout layout = ShareLayout.ofShare(g, ueb.length, header.version());
        if (!layout.header().equals(header)) {
            throw new CorruptShareException("header differs from the layout its UEB implies");
        }
        byte[] root;
        try {
            root = ShareHashChain.verify(chain, 0, g.n(), shnum, blockRoot);
        } catch (IllegalArgumentException e) {
            throw new CorruptShareException("share hash chain: " + e.getMessage());
        }
        if (!MessageDigest.isEqual(root, u.shareRootHash())) {
            throw new CorruptShareException("share hash chain does not lead to its UEB's share root");
        }
        return u;
    }

    /**
     * Byte-for-byte equality of header, block-tree root, share hash chain and UEB: compared with
     * the claim of the uploader's own share ({@code ShareTrailers.claim}), it says the stored
     * share is this file's share.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ShareClaim c && Arrays.equals(headerBytes, c.headerBytes) && Arrays.equals(blockRoot, c.blockRoot)
                && Arrays.equals(chain, c.chain) && Arrays.equals(ueb, c.ueb);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blockRoot);
    }

    @Override
    public String toString() {
        return "ShareClaim[v" + header.version() + ", ueb " + ueb.length + " bytes]";
    }
}
