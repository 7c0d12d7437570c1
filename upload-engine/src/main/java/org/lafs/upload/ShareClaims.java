package org.lafs.upload;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.lafs.chk.share.CorruptShareException;
import org.lafs.chk.share.ShareClaim;
import org.lafs.chk.share.ShareHeader;
import org.lafs.chk.tree.MerkleTree;

/**
 * Reads a stored share's {@link ShareClaim} with three small range reads (header; block-tree
 * root; chain, UEB length and UEB), over any transport.
 */
public final class ShareClaims {
    /** Reads {@code length} bytes at {@code offset} of one share (fewer at its end). */
    @FunctionalInterface
    public interface RangeReader {
        Future<Buffer> read(long offset, int length);
    }

    private ShareClaims() {}

    /** The claim, or a failed future ({@link CorruptShareException} when the bytes are no share). */
    public static Future<ShareClaim> read(RangeReader share) {
        return share.read(0, ShareHeader.V2_SIZE).compose(first -> {
            byte[] head = first.getBytes();
            ShareHeader h;
            try {
                h = ShareClaim.header(head);
            } catch (CorruptShareException e) {
                return Future.failedFuture(e);
            }
            Future<Buffer> root = share.read(h.blockTreeOffset(), MerkleTree.HASH);
            Future<Buffer> tail = share.read(h.shareChainOffset(), ShareClaim.tailReadLength(h));
            return Future.all(root, tail).compose(v -> {
                try {
                    return Future.succeededFuture(ShareClaim.of(head, root.result().getBytes(), tail.result().getBytes()));
                } catch (CorruptShareException e) {
                    return Future.failedFuture(e);
                }
            });
        });
    }
}
