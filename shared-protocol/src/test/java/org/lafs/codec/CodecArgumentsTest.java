package org.lafs.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Misuse gets a precise exception before any byte is written; empty blocks are a no-op. */
class CodecArgumentsTest {

    static List<CodecFactory.Kind> kinds() {
        return Kinds.available();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void rejectsBadParameters(CodecFactory.Kind kind) {
        assertThrows(IllegalArgumentException.class, () -> CodecFactory.create(0, 3, kind));
        assertThrows(IllegalArgumentException.class, () -> CodecFactory.create(4, 3, kind));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CodecFactory.create(3, 257, kind));
        assertTrue(e.getMessage().contains("n=257"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void rejectsBadEncodeArguments(CodecFactory.Kind kind) {
        ErasureCodec c = CodecFactory.create(3, 5, kind);
        byte[][] parity = new byte[2][10];
        assertThrows(IndexOutOfBoundsException.class, () -> c.encode(new byte[29], 0, 10, parity, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> c.encode(new byte[30], 1, 10, parity, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> c.encode(new byte[30], -1, 10, parity, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> c.encode(new byte[30], 0, 10, parity, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> c.encode(new byte[30], 0, 10, new byte[][] {new byte[10], new byte[9]}, 0));
        assertThrows(IllegalArgumentException.class, () -> c.encode(new byte[30], 0, 10, new byte[1][10], 0));
        assertThrows(IllegalArgumentException.class, () -> c.encode(new byte[30], 0, -1, parity, 0));
        assertThrows(NullPointerException.class, () -> c.encode(null, 0, 10, parity, 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> c.encode(new byte[30], 0, Integer.MAX_VALUE / 2, parity, 0), "k*blockSize overflows int");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void rejectsBadDecodeArguments(CodecFactory.Kind kind) {
        ErasureCodec c = CodecFactory.create(3, 5, kind);
        byte[][] blocks = {new byte[4], new byte[4], new byte[4]};
        byte[] dst = new byte[12];
        assertThrows(IllegalArgumentException.class, () -> c.decode(blocks, new int[] {0, 1}, 4, dst, 0));
        assertThrows(IllegalArgumentException.class, () -> c.decode(blocks, new int[] {0, 1, 1}, 4, dst, 0));
        assertThrows(IllegalArgumentException.class, () -> c.decode(blocks, new int[] {0, 1, 5}, 4, dst, 0));
        assertThrows(IllegalArgumentException.class, () -> c.decode(blocks, new int[] {0, 1, -1}, 4, dst, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> c.decode(blocks, new int[] {0, 1, 2}, 5, new byte[15], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> c.decode(blocks, new int[] {0, 1, 2}, 4, dst, 1));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void emptyBlocksAndNoParityAreNoOps(CodecFactory.Kind kind) {
        ErasureCodec c = CodecFactory.create(3, 5, kind);
        c.encode(new byte[0], 0, 0, new byte[][] {new byte[0], new byte[0]}, 0);
        c.decode(new byte[][] {new byte[0], new byte[0], new byte[0]}, new int[] {4, 3, 0}, 0, new byte[0], 0);
        ErasureCodec all = CodecFactory.create(4, 4, kind);
        all.encode(new byte[8], 0, 2, new byte[0][], 0);
        byte[] dst = new byte[8];
        all.decode(new byte[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}}, new int[] {3, 2, 1, 0}, 2, dst, 0);
        assertArrayEquals(new byte[] {7, 8, 5, 6, 3, 4, 1, 2}, dst);
        assertEquals(4, all.k());
        assertEquals(4, all.n());
    }
}
