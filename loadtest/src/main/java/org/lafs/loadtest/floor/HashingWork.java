package org.lafs.loadtest.floor;

import java.security.MessageDigest;
import org.lafs.loadtest.codec.Segments;

/**
 * The SHA-256 a CHK upload cannot skip, through JCA as the helper does: per segment its own hash
 * and the flat ciphertext hash (both over the segment), and the hash of each of its n blocks.
 * Tahoe's tagged hashes add a short tag and a 32-byte outer hash: not counted.
 */
final class HashingWork {
    private HashingWork() {}

    static double cpuSeconds(Shape shape, Segments segs, byte[][] parity, long ciphertext) throws Exception {
        MessageDigest segment = MessageDigest.getInstance("SHA-256");
        MessageDigest flat = MessageDigest.getInstance("SHA-256");
        MessageDigest block = MessageDigest.getInstance("SHA-256");
        int bs = shape.blockSize();
        long count = shape.segments(ciphertext);
        return CpuClock.seconds(() -> {
            for (long i = 0; i < count; i++) {
                byte[] s = segs.get((int) (i % segs.count()));
                segment.update(s, 0, shape.segment());
                segment.digest();
                flat.update(s, 0, shape.segment());
                for (int b = 0; b < shape.k(); b++) {
                    block.update(s, b * bs, bs);
                    block.digest();
                }
                for (byte[] p : parity) {
                    block.update(p, 0, bs);
                    block.digest();
                }
            }
            flat.digest();
        });
    }
}
