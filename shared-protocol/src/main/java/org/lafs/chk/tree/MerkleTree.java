package org.lafs.chk.tree;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.lafs.chk.Tags;
import org.lafs.format.Netstring;
import org.lafs.format.TaggedHash;

/**
 * Tahoe's complete binary hash tree, chk-format.md section 8: leaves (already hashes) padded to
 * a power of two P with {@code H("Merkle tree empty leaf", position)}, parents
 * {@code H2("Merkle tree internal node", left, right)}, stored breadth-first as 2P-1 nodes
 * (node 0 the root, children of m at 2m+1 and 2m+2, leaf i at P-1+i). A one-leaf tree is that
 * leaf.
 *
 * <p>Immutable after construction; thread-safe. Pure functions only.
 */
public final class MerkleTree {
    public static final int HASH = TaggedHash.LENGTH;

    /** Nodes, flat: node m is {@code nodes[m*32, m*32+32)}. */
    private final byte[] nodes;
    private final int leafCount;
    private final int padded;

    private MerkleTree(byte[] nodes, int leafCount, int padded) {
        this.nodes = nodes;
        this.leafCount = leafCount;
        this.padded = padded;
    }

    /** Builds the tree over {@code leaves} (each 32 bytes). */
    public static MerkleTree of(byte[][] leaves) {
        byte[] flat = new byte[leaves.length * HASH];
        for (int i = 0; i < leaves.length; i++) {
            if (leaves[i].length != HASH) {
                throw new IllegalArgumentException("leaf " + i + " is " + leaves[i].length + " bytes, not 32");
            }
            System.arraycopy(leaves[i], 0, flat, i * HASH, HASH);
        }
        return ofFlat(flat, leaves.length);
    }

    /** Builds the tree over {@code count} leaves stored contiguously in {@code flatLeaves}. */
    public static MerkleTree ofFlat(byte[] flatLeaves, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a hash tree needs at least one leaf");
        }
        if (flatLeaves.length < (long) count * HASH) {
            throw new IllegalArgumentException("need " + count + " leaves of 32 bytes");
        }
        int p = nextPow2(count);
        byte[] nodes = new byte[nodeCount(count) * HASH];
        System.arraycopy(flatLeaves, 0, nodes, (p - 1) * HASH, count * HASH);
        MessageDigest md = TaggedHash.sha256();
        for (int i = count; i < p; i++) {
            emptyLeafInto(md, i, nodes, (p - 1 + i) * HASH);
        }
        for (int m = p - 2; m >= 0; m--) {
            internalInto(md, nodes, (2 * m + 1) * HASH, (2 * m + 2) * HASH, nodes, m * HASH);
        }
        return new MerkleTree(nodes, count, p);
    }

    /**
     * Checks that {@code count}-leaf tree stored as {@code nodeCount(count)} hashes at
     * {@code buf[off..]} is internally consistent (every padding leaf and every parent correct)
     * and returns its root. It does not check the leaves themselves.
     *
     * @throws IllegalArgumentException naming the first wrong node
     */
    public static byte[] verifyFlat(byte[] buf, int off, int count) {
        int p = nextPow2(count);
        if (buf.length - off < (long) nodeCount(count) * HASH) {
            throw new IllegalArgumentException("hash tree truncated");
        }
        MessageDigest md = TaggedHash.sha256();
        byte[] tmp = new byte[HASH];
        for (int i = count; i < p; i++) {
            emptyLeafInto(md, i, tmp, 0);
            if (!Arrays.equals(tmp, 0, HASH, buf, off + (p - 1 + i) * HASH, off + (p + i) * HASH)) {
                throw new IllegalArgumentException("padding leaf " + i + " (node " + (p - 1 + i) + ") is wrong");
            }
        }
        for (int m = p - 2; m >= 0; m--) {
            internalInto(md, buf, off + (2 * m + 1) * HASH, off + (2 * m + 2) * HASH, tmp, 0);
            if (!Arrays.equals(tmp, 0, HASH, buf, off + m * HASH, off + (m + 1) * HASH)) {
                throw new IllegalArgumentException("internal node " + m + " does not match its children");
            }
        }
        return Arrays.copyOfRange(buf, off, off + HASH);
    }

    /** Smallest power of two >= {@code x} (1 for x = 1). */
    public static int nextPow2(int x) {
        if (x < 1 || x > (1 << 30)) {
            throw new IllegalArgumentException("leaf count " + x + " out of range");
        }
        return x == 1 ? 1 : Integer.highestOneBit(x - 1) << 1;
    }

    /** Nodes in a tree of {@code leafCount} leaves: 2P-1. */
    public static int nodeCount(int leafCount) {
        return 2 * nextPow2(leafCount) - 1;
    }

    /** Bytes of the flat serialization: (2P-1)*32 (the SEGT of section 11). */
    public static long serializedSize(int leafCount) {
        return (long) nodeCount(leafCount) * HASH;
    }

    /**
     * Nodes needed to check leaf {@code leaf} against the root: the sibling of the leaf's node
     * and of each ancestor below the root, bottom-up (empty for a one-leaf tree). A downloader
     * fetches these from a share's block tree to verify one block.
     */
    public static int[] neededNodes(int leafCount, int leaf) {
        int p = nextPow2(leafCount);
        if (leaf < 0 || leaf >= leafCount) {
            throw new IllegalArgumentException("leaf " + leaf + " not in 0.." + (leafCount - 1));
        }
        int[] out = new int[Integer.numberOfTrailingZeros(p)];
        int i = 0;
        for (int m = p - 1 + leaf; m > 0; m = (m - 1) / 2) {
            out[i++] = (m & 1) == 1 ? m + 1 : m - 1;
        }
        return out;
    }

    /**
     * The root implied by {@code leafHash} at {@code leaf} and the hashes of
     * {@link #neededNodes} (same order). Compare it with a trusted root.
     */
    public static byte[] rootFromPath(int leafCount, int leaf, byte[] leafHash, byte[][] siblings) {
        int[] needed = neededNodes(leafCount, leaf);
        if (siblings.length != needed.length) {
            throw new IllegalArgumentException("need " + needed.length + " sibling hashes, got " + siblings.length);
        }
        byte[] h = leafHash;
        int m = nextPow2(leafCount) - 1 + leaf;
        for (byte[] sibling : siblings) {
            h = (m & 1) == 1 ? internal(h, sibling) : internal(sibling, h);
            m = (m - 1) / 2;
        }
        return h;
    }

    /**
     * One level up, for building a tree level by level outside the heap: the parents of
     * {@code count} (even) consecutive sibling hashes in {@code children}, 32 bytes each.
     */
    public static byte[] parents(byte[] children, int count) {
        if (count < 2 || count % 2 != 0 || children.length < count * HASH) {
            throw new IllegalArgumentException("need an even number of child hashes, got " + count);
        }
        byte[] out = new byte[count / 2 * HASH];
        MessageDigest md = TaggedHash.sha256();
        for (int i = 0; i < count / 2; i++) {
            internalInto(md, children, 2 * i * HASH, (2 * i + 1) * HASH, out, i * HASH);
        }
        return out;
    }

    /** {@code H("Merkle tree empty leaf", ASCII-decimal(position))}, position in the padded row. */
    public static byte[] emptyLeaf(int position) {
        byte[] out = new byte[HASH];
        emptyLeafInto(TaggedHash.sha256(), position, out, 0);
        return out;
    }

    /** {@code H2("Merkle tree internal node", left, right)}. */
    public static byte[] internal(byte[] left, byte[] right) {
        return TaggedHash.pairHash(Tags.MERKLE_INTERNAL, left, right);
    }

    private static final byte[] EMPTY_TAG = Netstring.encode(Tags.MERKLE_EMPTY_LEAF);
    private static final byte[] INTERNAL_TAG = Netstring.encode(Tags.MERKLE_INTERNAL);
    private static final byte[] NS_32 = "32:".getBytes(StandardCharsets.US_ASCII);

    private static void emptyLeafInto(MessageDigest md, int position, byte[] out, int outOff) {
        md.update(EMPTY_TAG);
        md.update(Integer.toString(position).getBytes(StandardCharsets.US_ASCII));
        finishInto(md, out, outOff);
    }

    private static void internalInto(MessageDigest md, byte[] src, int left, int right, byte[] out, int outOff) {
        md.update(INTERNAL_TAG);
        md.update(NS_32);
        md.update(src, left, HASH);
        md.update((byte) ',');
        md.update(NS_32);
        md.update(src, right, HASH);
        md.update((byte) ',');
        finishInto(md, out, outOff);
    }

    private static void finishInto(MessageDigest md, byte[] out, int outOff) {
        byte[] inner = md.digest();
        System.arraycopy(md.digest(inner), 0, out, outOff, HASH);
    }

    public int leafCount() {
        return leafCount;
    }

    public int nodeCount() {
        return 2 * padded - 1;
    }

    /** A copy of node {@code m}. */
    public byte[] node(int m) {
        if (m < 0 || m >= nodeCount()) {
            throw new IndexOutOfBoundsException("node " + m + " not in 0.." + (nodeCount() - 1));
        }
        return Arrays.copyOfRange(nodes, m * HASH, (m + 1) * HASH);
    }

    public byte[] root() {
        return node(0);
    }

    /** A copy of leaf {@code i} (node P-1+i). */
    public byte[] leaf(int i) {
        return node(padded - 1 + i);
    }

    /** Copies node {@code m} into {@code dst} at {@code off}. */
    public void writeNodeTo(int m, byte[] dst, int off) {
        if (m < 0 || m >= nodeCount()) {
            throw new IndexOutOfBoundsException("node " + m + " not in 0.." + (nodeCount() - 1));
        }
        System.arraycopy(nodes, m * HASH, dst, off, HASH);
    }

    /** Copies all nodes, array order, into {@code dst} at {@code off}. */
    public void writeTo(byte[] dst, int off) {
        System.arraycopy(nodes, 0, dst, off, nodes.length);
    }

    /** Length of the flat form: (2P-1)*32 bytes. */
    public int byteLength() {
        return nodes.length;
    }

    /** Copies {@code len} bytes of the flat form, from byte {@code from}, into {@code dst} at {@code off}. */
    public void copyBytes(int from, byte[] dst, int off, int len) {
        if (from < 0 || len < 0 || from > nodes.length - len) {
            throw new IndexOutOfBoundsException("bytes " + from + "+" + len + " outside a tree of " + nodes.length);
        }
        System.arraycopy(nodes, from, dst, off, len);
    }

    /** All nodes, array order (the flat form stored in shares). */
    public byte[] toBytes() {
        return nodes.clone();
    }
}
