package org.lafs.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known answers of chk-format.md section 14, checked there against python3-zfec 1.5.2. */
class ZfecKnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void parityRows() {
        assertArrayEquals(new int[][] {{15, 8, 6}, {45, 48, 28}}, ZfecMatrix.parityRows(3, 5));
        assertArrayEquals(new int[][] {{3, 2}, {5, 4}}, ZfecMatrix.parityRows(2, 4));
    }

    @Test
    void encodesLikeZfec() {
        check(3, 5, "010203040506", 2, new String[] {"092a", "11d2"});
        check(2, 4, "0001ff800210", 3, new String[] {"1d073c", "3a0d64"});
    }

    private static void check(int k, int n, String input, int blockSize, String[] expected) {
        ErasureCodec codec = ErasureCodec.create(k, n);
        byte[][] parity = new byte[n - k][blockSize];
        codec.encode(HEX.parseHex(input), 0, blockSize, parity, 0);
        for (int r = 0; r < n - k; r++) {
            assertEquals(expected[r], HEX.formatHex(parity[r]));
        }
    }
}
