package org.lafs.upload;

import java.util.BitSet;
import java.util.List;
import org.lafs.gbs.ByteRange;

/**
 * One share as the push writes it: its server, its upload secret, and what of it is still to
 * be written. Mutable; confined to the pipeline's context.
 */
final class PushedShare {
    final int number;
    /** The server as this upload reaches it (on its lane, see {@link ServerLanes}). */
    final UploadServer server;
    final byte[] secret;
    /** Segments whose block this share still needs. */
    final BitSet needed;
    boolean headerPending;
    boolean trailerPending = true;
    /** The server answered a write with "complete" (201). */
    boolean complete;
    /** Its server failed: nothing more is sent, the share is placed elsewhere. */
    boolean failed;
    /**
     * Written from offset 0 while the journal is already past 0: the saved placement must say
     * so until the share catches up with the journal, then is saved again without it.
     */
    boolean flagged;
    /** What the server last said it still requires, while the share is incomplete. */
    List<ByteRange> required = List.of();

    /** @param resumeFrom the journal's acknowledged segment count when the share joined */
    PushedShare(ShareTarget t, UploadServer server, int numSegments, int resumeFrom) {
        number = t.share();
        this.server = server;
        secret = t.uploadSecret();
        needed = new BitSet(numSegments);
        needed.set(t.fromStart() ? 0 : resumeFrom, numSegments);
        headerPending = t.fromStart();
        flagged = t.fromStart() && resumeFrom > 0;
    }
}
