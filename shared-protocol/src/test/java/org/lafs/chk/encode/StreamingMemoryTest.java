package org.lafs.chk.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.security.MessageDigest;
import org.lafs.chk.ChkVectors;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.share.ShareLayout;
import org.lafs.format.TaggedHash;
import org.junit.jupiter.api.Test;

/**
 * The whole-file encoder streams: a file far larger than the heap growth allowed is encoded from
 * a generator stream, and live heap (after GC) measured inside the sink stays bounded.
 */
class StreamingMemoryTest {
    private static final long FILE = 192L << 20;
    private static final long BOUND = 24L << 20;

    @Test
    void encoderHoldsOnlyAFewSegments() throws Exception {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = mem.getHeapMemoryUsage().getUsed();
        FileGeometry g = new EncodingParameters(3, 4, 4, 131072).geometry(FILE);
        assertTrue(g.numSegments() > 1000);
        long[] written = new long[4];
        long[] peak = {0};
        long[] calls = {0};
        MessageDigest share3 = TaggedHash.sha256();
        ShareSink sink = (sh, offset, data, off, len) -> {
            assertEquals(written[sh], offset);
            written[sh] += len;
            if (sh == 3) {
                share3.update(data, off, len);
            }
            if (sh == 0 && ++calls[0] % 300 == 0) {
                System.gc();
                peak[0] = Math.max(peak[0], mem.getHeapMemoryUsage().getUsed() - baseline);
            }
        };
        ChkEncodeResult r = ChkEncoder.encode(new ChkVectors.RepeatingStream(new byte[] {1, 2, 3, 5, 7}, FILE), g, sink);
        ShareLayout l = r.layout();
        for (long w : written) {
            assertEquals(l.allocatedSize(), w);
        }
        assertTrue(calls[0] >= 300, "memory was sampled");
        assertTrue(peak[0] < BOUND, "live heap grew by " + peak[0] + " bytes while encoding " + FILE);
        // the same input encodes to the same share bytes (deterministic, no stale buffers)
        MessageDigest again = TaggedHash.sha256();
        ChkEncodeResult r2 = ChkEncoder.encode(new ChkVectors.RepeatingStream(new byte[] {1, 2, 3, 5, 7}, FILE), g,
                (sh, offset, data, off, len) -> {
                    if (sh == 3) {
                        again.update(data, off, len);
                    }
                });
        assertArrayEquals(r.uebHash(), r2.uebHash());
        assertArrayEquals(share3.digest(), again.digest());
    }
}
