package org.lafs.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both codecs against python3-zfec, byte for byte: fixed edge cases (k = 1, k = n, n = 256,
 * k = 101, block sizes 1, odd, around the vector length) plus seeded random (k, n, size) cases.
 * Python encodes every case once (one process); each codec kind is compared with that.
 */
class ZfecCrossCheckTest {
    /** Fixed seed so a failure reproduces; change it to explore. */
    private static final long SEED = 0x5eed_2026L;
    private static final int RANDOM_CASES = 40;
    /** Bounds the work of one case (input bytes x parity rows) so the suite stays fast on JDK 17. */
    private static final long MAX_WORK = 2_000_000;

    private static List<ZfecPython.Job> jobs;
    private static byte[][][] expected;

    @BeforeAll
    static void encodeWithZfec() throws Exception {
        jobs = cases();
        expected = ZfecPython.encode(jobs);
    }

    static List<ZfecPython.Job> cases() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<ZfecPython.Job> list = new ArrayList<>();
        int[][] fixed = {
            {1, 1, 7}, {1, 2, 1}, {1, 10, 33}, {1, 256, 5}, {3, 3, 100}, {5, 5, 1}, {2, 4, 3}, {3, 5, 2},
            {3, 10, 1}, {3, 10, 31}, {3, 10, 32}, {3, 10, 33}, {3, 10, 43691}, {3, 10, 65}, {4, 7, 4097},
            {2, 256, 97}, {101, 256, 67}, {255, 256, 3}, {256, 256, 2}, {100, 101, 129}, {13, 37, 1},
            {7, 8, 999}, {16, 32, 64}, {17, 255, 47},
        };
        for (int[] f : fixed) {
            list.add(job(random, f[0], f[1], f[2]));
        }
        for (int i = 0; i < RANDOM_CASES; i++) {
            int n = 1 + random.nextInt(256);
            int k = 1 + random.nextInt(Math.min(n, 101));
            int maxSize = (int) Math.max(1, Math.min(5000, MAX_WORK / ((long) k * Math.max(1, n - k))));
            list.add(job(random, k, n, 1 + random.nextInt(maxSize)));
        }
        return list;
    }

    private static ZfecPython.Job job(SplittableRandom random, int k, int n, int blockSize) {
        byte[] data = new byte[k * blockSize];
        random.nextBytes(data);
        return new ZfecPython.Job(k, n, blockSize, data);
    }

    static List<CodecFactory.Kind> kinds() {
        return Kinds.available();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void encodesExactlyLikeZfec(CodecFactory.Kind kind) {
        for (int i = 0; i < jobs.size(); i++) {
            ZfecPython.Job j = jobs.get(i);
            ErasureCodec codec = CodecFactory.create(j.k(), j.n(), kind);
            byte[][] parity = new byte[j.n() - j.k()][j.blockSize()];
            codec.encode(j.data(), 0, j.blockSize(), parity, 0);
            for (int r = 0; r < parity.length; r++) {
                assertArrayEquals(expected[i][r], parity[r], kind + " " + j.k() + "-of-" + j.n()
                        + " blockSize " + j.blockSize() + ": share " + (j.k() + r) + " differs from zfec");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void encodesAtOffsetsLikeZfec(CodecFactory.Kind kind) {
        // Same data placed at odd offsets in larger arrays: offsets must not change the result.
        for (int i = 0; i < jobs.size(); i += 3) {
            ZfecPython.Job j = jobs.get(i);
            ErasureCodec codec = CodecFactory.create(j.k(), j.n(), kind);
            byte[] src = new byte[j.data().length + 20];
            System.arraycopy(j.data(), 0, src, 13, j.data().length);
            byte[][] parity = new byte[j.n() - j.k()][j.blockSize() + 10];
            codec.encode(src, 13, j.blockSize(), parity, 7);
            for (int r = 0; r < parity.length; r++) {
                assertArrayEquals(expected[i][r], java.util.Arrays.copyOfRange(parity[r], 7, 7 + j.blockSize()),
                        kind + " " + j.k() + "-of-" + j.n() + " at offsets: share " + (j.k() + r));
                assertEquals(0, parity[r][6], "wrote before parityOffset");
                assertEquals(0, parity[r][7 + j.blockSize()], "wrote past the block");
            }
        }
    }
}
