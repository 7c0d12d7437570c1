package org.lafs.chk.share;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.Tags;
import org.lafs.codec.ErasureCodec;
import org.lafs.format.TaggedHash;

/**
 * Recovers the ciphertext from any k verified shares of one file (chk-format.md section 7 in
 * reverse): per segment, read k blocks, erasure-decode, drop the tail padding, and check the
 * segment against the crypttext tree leaf of the first share. Holds one segment at a time.
 */
public final class ChkDecoder {
    private ChkDecoder() {}

    /**
     * Writes the ciphertext to {@code out}.
     *
     * @param shares k sources whose {@link ShareVerifier#verify} succeeded
     * @param verified the matching verification results (same UEB)
     * @throws CorruptShareException if a decoded segment does not match its hash
     */
    public static void decode(ShareSource[] shares, VerifiedShare[] verified, OutputStream out)
            throws IOException, CorruptShareException {
        FileGeometry g = verified[0].ueb().geometry();
        int k = g.k();
        if (shares.length != k || verified.length != k) {
            throw new IllegalArgumentException("decoding needs exactly k=" + k + " shares");
        }
        int[] shnums = new int[k];
        for (int i = 0; i < k; i++) {
            if (!verified[i].ueb().equals(verified[0].ueb())) {
                throw new IllegalArgumentException("shares come from different files");
            }
            shnums[i] = verified[i].shnum();
        }
        ErasureCodec codec = ErasureCodec.create(k, g.n());
        ShareLayout layout = verified[0].layout();
        byte[][] blocks = new byte[k][g.blockSize()];
        byte[] segment = new byte[g.segmentSize()];
        for (int s = 0; s < g.numSegments(); s++) {
            int b = g.blockLength(s);
            for (int i = 0; i < k; i++) {
                if (blocks[i].length != b) {
                    blocks[i] = new byte[b];
                }
                shares[i].read(verified[i].layout().dataOffset() + g.blockOffset(s), blocks[i], 0, b);
            }
            codec.decode(blocks, shnums, b, segment, 0);
            int len = g.segmentLength(s);
            byte[] h = TaggedHash.hasher(Tags.CRYPTTEXT_SEGMENT).update(segment, 0, len).digest();
            if (!Arrays.equals(h, ShareVerifier.segmentHash(shares[0], layout, g.numSegments(), s))) {
                throw new CorruptShareException("decoded segment " + s + " does not match its hash");
            }
            out.write(segment, 0, len);
        }
    }
}
