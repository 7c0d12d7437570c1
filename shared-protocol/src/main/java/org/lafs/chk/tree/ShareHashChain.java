package org.lafs.chk.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The share hash chain ("needed hashes") stored in share i, chk-format.md section 8.2: the
 * sibling of leaf node x = P-1+i and of each ancestor below the root, plus x itself (for n = 1,
 * just node 0). Entries are {@code uint16 node || 32-byte hash}, written in the iteration order
 * of a CPython set (emulated by {@link #nodeOrder}) so shares are byte-identical to Tahoe's.
 *
 * <p>Pure static functions; thread-safe.
 */
public final class ShareHashChain {
    /** Bytes per entry: uint16 index + 32-byte hash. */
    public static final int ENTRY = 2 + MerkleTree.HASH;

    private ShareHashChain() {}

    /** Number of entries for n shares: log2(next_pow2(n)) + 1. */
    public static int length(int n) {
        return Integer.numberOfTrailingZeros(MerkleTree.nextPow2(n)) + 1;
    }

    /** Bytes of the chain region for n shares. */
    public static int size(int n) {
        return length(n) * ENTRY;
    }

    /** Node indices in insertion order: siblings bottom-up, then the leaf node. */
    static int[] insertionOrder(int n, int shnum) {
        checkShare(n, shnum);
        int p = MerkleTree.nextPow2(n);
        int x = p - 1 + shnum;
        List<Integer> order = new ArrayList<>();
        for (int m = x; m > 0; m = (m - 1) / 2) {
            order.add((m & 1) == 1 ? m + 1 : m - 1);
        }
        order.add(x);
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Node indices in Tahoe's written order (CPython set iteration order of small ints). */
    public static int[] nodeOrder(int n, int shnum) {
        return PySetOrder.iterationOrder(insertionOrder(n, shnum));
    }

    /** The chain bytes of share {@code shnum}, given the share hash tree over n block-tree roots. */
    public static byte[] encode(MerkleTree shareTree, int shnum) {
        int n = shareTree.leafCount();
        int[] order = nodeOrder(n, shnum);
        byte[] out = new byte[order.length * ENTRY];
        for (int e = 0; e < order.length; e++) {
            int node = order[e];
            out[e * ENTRY] = (byte) (node >>> 8);
            out[e * ENTRY + 1] = (byte) node;
            shareTree.writeNodeTo(node, out, e * ENTRY + 2);
        }
        return out;
    }

    /**
     * Checks a stored chain and returns the share-tree root it implies. The entries must be
     * exactly the needed node set (any order, no duplicates), node x must equal
     * {@code blockTreeRoot}, and the root is recomputed from x up through the siblings.
     *
     * @throws IllegalArgumentException describing the first problem
     */
    public static byte[] verify(byte[] buf, int off, int n, int shnum, byte[] blockTreeRoot) {
        int len = length(n);
        if (buf.length - off < len * ENTRY) {
            throw new IllegalArgumentException("share hash chain truncated");
        }
        int[] expected = insertionOrder(n, shnum);
        int[] sortedExpected = expected.clone();
        Arrays.sort(sortedExpected);
        int p = MerkleTree.nextPow2(n);
        byte[][] byNode = new byte[2 * p - 1][];
        for (int e = 0; e < len; e++) {
            int pos = off + e * ENTRY;
            int node = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
            if (Arrays.binarySearch(sortedExpected, node) < 0) {
                throw new IllegalArgumentException("share hash chain entry " + e + " names node " + node
                        + ", which share " + shnum + " does not need");
            }
            if (byNode[node] != null) {
                throw new IllegalArgumentException("share hash chain names node " + node + " twice");
            }
            byNode[node] = Arrays.copyOfRange(buf, pos + 2, pos + ENTRY);
        }
        int x = p - 1 + shnum;
        if (!Arrays.equals(byNode[x], blockTreeRoot)) {
            throw new IllegalArgumentException("share hash chain leaf (node " + x
                    + ") does not match the block hash tree root");
        }
        byte[] h = byNode[x];
        for (int m = x; m > 0; m = (m - 1) / 2) {
            h = (m & 1) == 1 ? MerkleTree.internal(h, byNode[m + 1]) : MerkleTree.internal(byNode[m - 1], h);
        }
        return h;
    }

    private static void checkShare(int n, int shnum) {
        if (n < 1 || n > 256 || shnum < 0 || shnum >= n) {
            throw new IllegalArgumentException("share " + shnum + " not in 0.." + (n - 1) + " (n=" + n + ")");
        }
    }
}
