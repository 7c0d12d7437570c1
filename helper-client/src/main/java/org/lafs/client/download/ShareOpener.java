package org.lafs.client.download;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.cap.ChkCap;
import org.lafs.chk.share.CorruptShareException;
import org.lafs.chk.share.ShareVerifier;
import org.lafs.chk.share.ShareHeader;
import org.lafs.chk.share.ShareLayout;
import org.lafs.chk.share.UriExtension;
import org.lafs.chk.tree.MerkleTree;
import org.lafs.chk.tree.ShareHashChain;

/**
 * Reads and verifies one share's metadata (gbs-storage-protocol.md section 5, steps 3-4, done as
 * strictly as {@link org.lafs.chk.share.ShareVerifier} but without reading the blocks): two
 * reads, the header, then everything from the crypttext tree to the end of the UEB.
 *
 * <p>Outcomes: an {@link OpenShare}; a {@link CorruptShareException} (the bytes are wrong: the
 * caller reports it with advise-corrupt); or an {@link IOException} (missing, unreachable, slow:
 * the caller just uses another share). Blocking.
 */
final class ShareOpener {
    /**
     * Largest trailer read in one request: two hash trees of a 2^22-segment file are 2 x 256 MiB,
     * far beyond what we want in memory; 64 MiB covers files of several hundred GB at 128 KiB
     * segments. Larger files are refused rather than buffered.
     */
    static final long MAX_TRAILER = 64L << 20;

    private ShareOpener() {}

    static OpenShare open(StorageServer server, ChkCap cap, int shnum, long timeoutMillis)
            throws IOException, CorruptShareException {
        byte[] si = cap.storageIndex();
        Buffer first = Await.get(server.read(si, shnum, 0, ShareHeader.V2_SIZE), timeoutMillis, "reading a share header");
        byte[] head = first.getBytes();
        if (head.length == 0) {
            throw new java.io.EOFException("share " + shnum + " is empty");
        }
        ShareHeader header = ShareHeader.parseShare(head);
        long from = header.crypttextTreeOffset();
        long to = header.uebLengthOffset() + header.uebLengthFieldSize() + UriExtension.MAX_LENGTH;
        if (from < header.size() || header.blockTreeOffset() < from || header.shareChainOffset() < header.blockTreeOffset()
                || header.uebLengthOffset() < header.shareChainOffset() || to - from > MAX_TRAILER) {
            throw new CorruptShareException("header offsets are inconsistent or too large");
        }
        byte[] tail = Await.get(server.read(si, shnum, from, (int) (to - from)), timeoutMillis, "reading a share's hashes").getBytes();
        int lenAt = (int) (header.uebLengthOffset() - from);
        int lenField = header.uebLengthFieldSize();
        if (tail.length < lenAt + lenField) {
            throw new CorruptShareException("share ends before its UEB");
        }
        long uebLength = header.readUebLength(tail, lenAt);
        if (uebLength < 0 || uebLength > UriExtension.MAX_LENGTH || lenAt + lenField + uebLength != tail.length) {
            throw new CorruptShareException("UEB length " + uebLength + " does not match the share's end");
        }
        UriExtension ueb = ShareVerifier.authenticUeb(Arrays.copyOfRange(tail, lenAt + lenField, tail.length), cap.uebHash());
        FileGeometry g = ueb.geometry();
        if (g.k() != cap.k() || g.n() != cap.n() || g.size() != cap.size()) {
            // The UEB is authentic (its hash is in the cap), so the cap's k/n/size are wrong.
            throw new CapMismatchException("the cap says " + cap.k() + "-of-" + cap.n() + ", " + cap.size()
                    + " bytes, but the file it names is " + g.k() + "-of-" + g.n() + ", " + g.size() + " bytes");
        }
        if (shnum >= g.n()) {
            throw new CorruptShareException("share number " + shnum + " is not below n=" + g.n());
        }
        ShareLayout layout = ShareLayout.ofShare(g, (int) uebLength, header.version());
        if (!layout.header().equals(header)) {
            throw new CorruptShareException("header differs from the layout the UEB implies");
        }
        int segt = (int) layout.treeSize();
        byte[] crypttextTree = Arrays.copyOfRange(tail, 0, segt);
        byte[] blockTree = Arrays.copyOfRange(tail, segt, 2 * segt);
        try {
            if (!MessageDigest.isEqual(MerkleTree.verifyFlat(crypttextTree, 0, g.numSegments()), ueb.crypttextRootHash())) {
                throw new CorruptShareException("crypttext hash tree does not lead to the UEB's root");
            }
            byte[] blockRoot = MerkleTree.verifyFlat(blockTree, 0, g.numSegments());
            byte[] shareRoot = ShareHashChain.verify(tail, 2 * segt, g.n(), shnum, blockRoot);
            if (!MessageDigest.isEqual(shareRoot, ueb.shareRootHash())) {
                throw new CorruptShareException("share hash chain does not lead to the UEB's share root");
            }
        } catch (IllegalArgumentException e) {
            throw new CorruptShareException(e.getMessage());
        }
        return new OpenShare(server, shnum, ueb, layout, blockTree, crypttextTree);
    }

    /** The cap's k, n or size disagree with the authentic UEB: the cap is wrong, not the share. */
    static final class CapMismatchException extends IOException {
        private static final long serialVersionUID = 1L;

        CapMismatchException(String message) {
            super(message);
        }
    }
}
