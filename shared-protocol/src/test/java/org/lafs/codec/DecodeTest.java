package org.lafs.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding recovers the data from any k shares: random subsets in random order, all-parity
 * subsets, all-data subsets, and repeated subsets (the inverse cache) over many (k, n, size).
 */
class DecodeTest {
    private static final long SEED = 0xdec0deL;

    static List<CodecFactory.Kind> kinds() {
        return Kinds.available();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void recoversFromRandomSubsets(CodecFactory.Kind kind) {
        SplittableRandom random = new SplittableRandom(SEED);
        int[][] shapes = {{1, 1}, {1, 5}, {2, 4}, {3, 10}, {3, 3}, {4, 8}, {5, 256}, {101, 256}, {50, 60},
            {17, 255}, {255, 256}, {7, 20}};
        for (int[] shape : shapes) {
            int k = shape[0];
            int n = shape[1];
            for (int blockSize : new int[] {1, 31, 33, 64, 257, 1 + random.nextInt(3000)}) {
                if ((long) k * blockSize * n > 3_000_000) {
                    continue;
                }
                check(kind, random, k, n, blockSize);
            }
        }
    }

    private static void check(CodecFactory.Kind kind, SplittableRandom random, int k, int n, int blockSize) {
        ErasureCodec codec = CodecFactory.create(k, n, kind);
        byte[] data = new byte[k * blockSize];
        random.nextBytes(data);
        byte[][] shares = new byte[n][];
        byte[][] parity = new byte[n - k][blockSize];
        codec.encode(data, 0, blockSize, parity, 0);
        for (int s = 0; s < n; s++) {
            shares[s] = s < k ? java.util.Arrays.copyOfRange(data, s * blockSize, (s + 1) * blockSize) : parity[s - k];
        }
        List<int[]> subsets = new ArrayList<>();
        if (n - k >= k) {
            subsets.add(range(n - k, k)); // parity only: the last k shares
            subsets.add(range(k, k));     // parity only: the first k parity shares
        }
        subsets.add(range(0, k));         // data only
        for (int i = 0; i < 4; i++) {
            subsets.add(randomSubset(random, k, n));
        }
        subsets.add(subsets.get(subsets.size() - 1).clone()); // same subset again: cached inverse
        for (int[] subset : subsets) {
            byte[][] blocks = new byte[k][];
            for (int i = 0; i < k; i++) {
                blocks[i] = shares[subset[i]];
            }
            byte[] out = new byte[k * blockSize + 5];
            codec.decode(blocks, subset, blockSize, out, 5);
            assertArrayEquals(data, java.util.Arrays.copyOfRange(out, 5, out.length), kind + " " + k + "-of-" + n
                    + " blockSize " + blockSize + " from shares " + java.util.Arrays.toString(subset));
        }
    }

    private static int[] range(int from, int count) {
        int[] r = new int[count];
        for (int i = 0; i < count; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static int[] randomSubset(SplittableRandom random, int k, int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        Collections.shuffle(all, new java.util.Random(random.nextLong()));
        int[] s = new int[k];
        for (int i = 0; i < k; i++) {
            s[i] = all.get(i);
        }
        return s;
    }
}
