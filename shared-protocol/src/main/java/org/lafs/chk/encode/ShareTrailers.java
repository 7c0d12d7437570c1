package org.lafs.chk.encode;

import java.nio.ByteBuffer;
import org.lafs.chk.share.ShareLayout;
import org.lafs.chk.share.UriExtension;
import org.lafs.chk.tree.MerkleTree;
import org.lafs.chk.tree.ShareHashChain;

/**
 * The finished hash material of a file: UEB, UEB hash, and each share's header and trailer
 * (chk-format.md section 11.3: zeroed plaintext-tree region, crypttext tree, block tree,
 * share hash chain, UEB length, UEB). Immutable; {@link #trailer} is thread-safe and builds the
 * share's block tree on demand (so n trees are never held at once).
 */
public final class ShareTrailers {
    private final SegmentHashes hashes;
    private final ShareLayout layout;
    private final UriExtension ueb;
    private final byte[] uebBytes;
    private final byte[] uebHash;
    private final MerkleTree crypttextTree;
    private final MerkleTree shareTree;

    ShareTrailers(SegmentHashes hashes, ShareLayout layout, UriExtension ueb, byte[] uebBytes,
                  MerkleTree crypttextTree, MerkleTree shareTree) {
        this.hashes = hashes;
        this.layout = layout;
        this.ueb = ueb;
        this.uebBytes = uebBytes;
        this.uebHash = UriExtension.hash(uebBytes);
        this.crypttextTree = crypttextTree;
        this.shareTree = shareTree;
    }

    public ShareLayout layout() {
        return layout;
    }

    public UriExtension ueb() {
        return ueb;
    }

    public byte[] uebBytes() {
        return uebBytes.clone();
    }

    /** The 32-byte UEB hash that goes into the cap. */
    public byte[] uebHash() {
        return uebHash.clone();
    }

    /** The header bytes (identical for every share), written at offset 0. */
    public byte[] header() {
        return layout.header().encode();
    }

    /** Offset at which {@link #trailer} is written in every share. */
    public long trailerOffset() {
        return layout.trailerOffset();
    }

    /** The trailer of share {@code shnum}: everything from the plaintext-tree region to the end. */
    public byte[] trailer(int shnum) {
        int n = ueb.geometry().n();
        if (shnum < 0 || shnum >= n) {
            throw new IllegalArgumentException("share " + shnum + " not in 0.." + (n - 1));
        }
        long size = layout.trailerSize();
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("trailer of " + size + " bytes does not fit an array");
        }
        int segt = (int) layout.treeSize();
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.position(segt);
        out.put(crypttextTree.toBytes());
        out.put(MerkleTree.ofFlat(hashes.blockHashesFlat(shnum), ueb.geometry().numSegments()).toBytes());
        out.put(ShareHashChain.encode(shareTree, shnum));
        if (layout.version() == 1) {
            out.putInt(uebBytes.length);
        } else {
            out.putLong(uebBytes.length);
        }
        out.put(uebBytes);
        if (out.hasRemaining()) {
            throw new IllegalStateException("trailer size mismatch");
        }
        return out.array();
    }
}
