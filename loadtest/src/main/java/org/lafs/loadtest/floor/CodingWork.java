package org.lafs.loadtest.floor;

import org.lafs.codec.ErasureCodec;
import org.lafs.loadtest.codec.Segments;

/** Reed-Solomon: the n - k parity blocks of every segment, with the codec the helper uses. */
final class CodingWork {
    private CodingWork() {}

    static double cpuSeconds(Shape shape, ErasureCodec codec, Segments segs, byte[][] parity, long ciphertext)
            throws Exception {
        long count = shape.segments(ciphertext);
        return CpuClock.seconds(() -> {
            for (long i = 0; i < count; i++) {
                codec.encode(segs.get((int) (i % segs.count())), 0, shape.blockSize(), parity, 0);
            }
        });
    }
}
