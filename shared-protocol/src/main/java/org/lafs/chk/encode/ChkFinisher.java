package org.lafs.chk.encode;

import org.lafs.chk.FileGeometry;
import org.lafs.chk.share.ShareLayout;
import org.lafs.chk.share.UriExtension;
import org.lafs.chk.tree.MerkleTree;
import org.lafs.format.TaggedHash;

/**
 * Turns all segment and block hashes plus the whole-ciphertext hash into the UEB and the share
 * trailers (chk-format.md sections 8, 9, 11.3): crypttext tree, n block trees, share tree,
 * UEB, UEB hash. Pure; thread-safe.
 */
public final class ChkFinisher {
    private ChkFinisher() {}

    /** Finishes with the layout version chosen by section 11.4. */
    public static ShareTrailers finish(SegmentHashes hashes, byte[] crypttextHash) {
        FileGeometry g = hashes.geometry();
        return finish(hashes, crypttextHash, ShareLayout.of(g));
    }

    /**
     * Finishes with a given layout (from {@link ShareLayout#of}, which the uploader used to
     * allocate buckets and write headers).
     *
     * @throws IllegalStateException if some segment's hashes are missing
     */
    public static ShareTrailers finish(SegmentHashes hashes, byte[] crypttextHash, ShareLayout layout) {
        if (!hashes.isComplete()) {
            throw new IllegalStateException("hashes of some segments are missing");
        }
        FileGeometry g = hashes.geometry();
        int segments = g.numSegments();
        MerkleTree crypttextTree = MerkleTree.ofFlat(hashes.segmentHashesFlat(), segments);
        byte[][] roots = new byte[g.n()][];
        for (int i = 0; i < g.n(); i++) {
            roots[i] = MerkleTree.ofFlat(hashes.blockHashesFlat(i), segments).root();
        }
        ShareTrailers.Region crypttext = ShareTrailers.Region.of(crypttextTree);
        return finish(g, crypttextTree.root(), roots, crypttextHash, layout, new ShareTrailers.Trees() {
            @Override
            public ShareTrailers.Region crypttext() {
                return crypttext;
            }

            @Override
            public ShareTrailers.Region block(int shnum) {
                // built per call, so that n block trees are never held at once
                return ShareTrailers.Region.of(MerkleTree.ofFlat(hashes.blockHashesFlat(shnum), segments));
            }
        });
    }

    /** The common end: share tree, UEB and the trailers over finished trees. */
    static ShareTrailers finish(FileGeometry g, byte[] crypttextRoot, byte[][] blockRoots, byte[] crypttextHash,
                                ShareLayout layout, ShareTrailers.Trees trees) {
        if (crypttextHash.length != TaggedHash.LENGTH) {
            throw new IllegalArgumentException("crypttext hash must be 32 bytes");
        }
        MerkleTree shareTree = MerkleTree.of(blockRoots);
        UriExtension ueb = new UriExtension(g, crypttextHash, crypttextRoot, shareTree.root());
        byte[] uebBytes = ueb.serialize();
        if (uebBytes.length != layout.uebLength()) {
            throw new IllegalArgumentException("layout expects a UEB of " + layout.uebLength()
                    + " bytes, got " + uebBytes.length);
        }
        return new ShareTrailers(trees, layout, ueb, uebBytes, shareTree);
    }

    /** Convenience form with arrays: segmentHashes[s], blockHashes[shnum][s]. */
    public static ShareTrailers finish(FileGeometry g, byte[][] segmentHashes, byte[][][] blockHashes,
                                       byte[] crypttextHash) {
        if (segmentHashes.length != g.numSegments() || blockHashes.length != g.n()) {
            throw new IllegalArgumentException("need " + g.numSegments() + " segment hashes and n="
                    + g.n() + " block-hash rows");
        }
        SegmentHashes h = new SegmentHashes(g);
        for (int s = 0; s < g.numSegments(); s++) {
            byte[][] row = new byte[g.n()][];
            for (int i = 0; i < g.n(); i++) {
                row[i] = blockHashes[i][s];
            }
            h.add(s, segmentHashes[s], row);
        }
        return finish(h, crypttextHash);
    }
}
