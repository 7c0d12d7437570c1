package org.lafs.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector codec equals the scalar one on many more shapes than the python cross-check
 * covers: every block size from 1 to 3 vector lengths plus one (all tail lengths), every k
 * from 1 to 12 (k = 3's own kernel, the four-row groups and the single-row remainder), at
 * nonzero offsets. The scalar codec is itself checked against zfec.
 */
class ScalarVectorAgreementTest {

    @Test
    void vectorEqualsScalarForAllTailsAndSmallK() {
        assumeTrue(CodecFactory.vectorModulePresent(), "vector module absent: only the scalar codec exists here");
        SplittableRandom random = new SplittableRandom(77);
        for (int k = 1; k <= 12; k++) {
            int n = Math.min(256, k + 1 + random.nextInt(12));
            ErasureCodec scalar = CodecFactory.create(k, n, CodecFactory.Kind.SCALAR);
            ErasureCodec vector = CodecFactory.create(k, n, CodecFactory.Kind.VECTOR);
            for (int blockSize = 1; blockSize <= 3 * 64 + 1; blockSize += (k <= 4 ? 1 : 7)) {
                byte[] src = new byte[k * blockSize + 3];
                random.nextBytes(src);
                byte[][] a = new byte[n - k][blockSize + 2];
                byte[][] b = new byte[n - k][blockSize + 2];
                scalar.encode(src, 3, blockSize, a, 2);
                vector.encode(src, 3, blockSize, b, 2);
                for (int r = 0; r < n - k; r++) {
                    assertArrayEquals(a[r], b[r], k + "-of-" + n + " blockSize " + blockSize + " row " + r);
                }
            }
        }
    }
}
