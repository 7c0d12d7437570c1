package org.lafs.client.download;

import java.security.MessageDigest;
import org.lafs.chk.share.ShareLayout;
import org.lafs.chk.share.UriExtension;
import org.lafs.chk.tree.MerkleTree;

/**
 * One share whose metadata has been verified against the cap ({@link ShareOpener}): its UEB
 * hashes to the cap's UEB hash, its header is the layout the UEB implies, its crypttext tree
 * leads to the UEB's crypttext root and its block tree, through the share hash chain, to the
 * UEB's share root. Blocks read later are checked against {@link #blockHash}. Immutable.
 */
public record OpenShare(StorageServer server, int shnum, UriExtension ueb, ShareLayout layout, byte[] blockTree,
                        byte[] crypttextTree) {

    /** Whether {@code hash} is the block-tree leaf of segment {@code s}. */
    boolean blockMatches(int s, byte[] hash) {
        int at = (MerkleTree.nextPow2(ueb.geometry().numSegments()) - 1 + s) * MerkleTree.HASH;
        return MessageDigest.isEqual(java.util.Arrays.copyOfRange(blockTree, at, at + MerkleTree.HASH), hash);
    }

    /** The crypttext-tree leaf (segment hash) of segment {@code s}. */
    byte[] segmentHash(int s) {
        int at = (MerkleTree.nextPow2(ueb.geometry().numSegments()) - 1 + s) * MerkleTree.HASH;
        return java.util.Arrays.copyOfRange(crypttextTree, at, at + MerkleTree.HASH);
    }

    String where() {
        return "share " + shnum + " on " + server.serverId();
    }

    @Override
    public String toString() {
        return "OpenShare[" + where() + "]";
    }
}
