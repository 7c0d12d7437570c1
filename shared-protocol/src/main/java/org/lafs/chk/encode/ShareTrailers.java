package org.lafs.chk.encode;

import java.nio.ByteBuffer;
import org.lafs.chk.share.CorruptShareException;
import org.lafs.chk.share.ShareClaim;
import org.lafs.chk.share.ShareHeader;
import org.lafs.chk.share.ShareLayout;
import org.lafs.chk.share.UriExtension;
import org.lafs.chk.tree.MerkleTree;
import org.lafs.chk.tree.ShareHashChain;

/**
 * The finished hash material of a file: UEB, UEB hash, and each share's header and trailer
 * (chk-format.md section 11.3: zeroed plaintext-tree region, crypttext tree, block tree,
 * share hash chain, UEB length, UEB). Immutable; {@link #trailer} and {@link #open} are
 * thread-safe and build the share's block tree on demand (so n trees are never held at once).
 */
public final class ShareTrailers {
    /** The flat form of one hash tree, readable in pieces. */
    public interface Region {
        long length();

        void copy(long from, byte[] dst, int off, int len);

        static Region of(MerkleTree tree) {
            return new Region() {
                @Override
                public long length() {
                    return tree.byteLength();
                }

                @Override
                public void copy(long from, byte[] dst, int off, int len) {
                    tree.copyBytes((int) from, dst, off, len);
                }
            };
        }
    }

    /** Where the finished trees are: the crypttext tree and each share's block tree. */
    public interface Trees {
        Region crypttext();

        /** Share {@code shnum}'s block tree (may be built on each call). */
        Region block(int shnum);
    }

    private final Trees trees;
    private final ShareLayout layout;
    private final UriExtension ueb;
    private final byte[] uebBytes;
    private final byte[] uebHash;
    private final MerkleTree shareTree;

    ShareTrailers(Trees trees, ShareLayout layout, UriExtension ueb, byte[] uebBytes, MerkleTree shareTree) {
        this.trees = trees;
        this.layout = layout;
        this.ueb = ueb;
        this.uebBytes = uebBytes;
        this.uebHash = UriExtension.hash(uebBytes);
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
        Trailer t = open(shnum);
        if (t.size() > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("trailer of " + t.size() + " bytes does not fit an array");
        }
        return t.bytes(0, (int) t.size());
    }

    /**
     * Share {@code shnum}'s trailer, readable in pieces: builds that share's block tree (64 bytes
     * per segment) and its short tail, and serves any byte range without assembling the whole
     * trailer, whose zeroed plaintext-tree region and two trees are ~192 bytes per segment.
     */
    public Trailer open(int shnum) {
        int n = ueb.geometry().n();
        if (shnum < 0 || shnum >= n) {
            throw new IllegalArgumentException("share " + shnum + " not in 0.." + (n - 1));
        }
        Region blockTree = trees.block(shnum);
        byte[] chain = ShareHashChain.encode(shareTree, shnum);
        ByteBuffer tail = ByteBuffer.allocate(chain.length + (layout.version() == 1 ? 4 : 8) + uebBytes.length);
        tail.put(chain);
        if (layout.version() == 1) {
            tail.putInt(uebBytes.length);
        } else {
            tail.putLong(uebBytes.length);
        }
        tail.put(uebBytes);
        Trailer t = new Trailer(layout.treeSize(), trees.crypttext(), blockTree, tail.array());
        if (t.size() != layout.trailerSize()) {
            throw new IllegalStateException("trailer size mismatch");
        }
        return t;
    }

    /**
     * What share {@code shnum} of this file claims (header, block-tree root, chain, UEB): a stored
     * share "already there" is this file's share only if its claim equals this one.
     */
    public ShareClaim claim(int shnum) {
        Trailer t = open(shnum);
        long base = layout.trailerOffset();
        ShareHeader h = layout.header();
        byte[] root = t.bytes(h.blockTreeOffset() - base, MerkleTree.HASH);
        byte[] tail = t.bytes(h.shareChainOffset() - base, (int) (layout.allocatedSize() - h.shareChainOffset()));
        try {
            return ShareClaim.of(header(), root, tail);
        } catch (CorruptShareException e) {
            throw new IllegalStateException("our own share does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * One share's trailer as four regions: zeros (the plaintext-tree region, section 11.3), the
     * crypttext tree, the share's block tree, and the tail (share hash chain, UEB length, UEB).
     * Immutable; thread-safe.
     */
    public static final class Trailer {
        private final long zeros;
        private final Region crypttextTree;
        private final Region blockTree;
        private final byte[] tail;

        Trailer(long zeros, Region crypttextTree, Region blockTree, byte[] tail) {
            this.zeros = zeros;
            this.crypttextTree = crypttextTree;
            this.blockTree = blockTree;
            this.tail = tail;
        }

        public long size() {
            return zeros + crypttextTree.length() + blockTree.length() + tail.length;
        }

        /** Bytes {@code [from, from + len)} of the trailer. */
        public byte[] bytes(long from, int len) {
            if (from < 0 || len < 0 || from > size() - len) {
                throw new IndexOutOfBoundsException("bytes " + from + "+" + len + " outside a trailer of " + size());
            }
            byte[] out = new byte[len];
            long treesAt = zeros;
            long blockAt = treesAt + crypttextTree.length();
            long tailAt = blockAt + blockTree.length();
            int o = 0;
            long pos = from;
            while (o < len) {
                int n;
                if (pos < treesAt) {
                    n = (int) Math.min(len - o, treesAt - pos); // zeros: the array is already zeroed
                } else if (pos < blockAt) {
                    n = (int) Math.min(len - o, blockAt - pos);
                    crypttextTree.copy(pos - treesAt, out, o, n);
                } else if (pos < tailAt) {
                    n = (int) Math.min(len - o, tailAt - pos);
                    blockTree.copy(pos - blockAt, out, o, n);
                } else {
                    n = len - o;
                    System.arraycopy(tail, (int) (pos - tailAt), out, o, n);
                }
                o += n;
                pos += n;
            }
            return out;
        }
    }
}
