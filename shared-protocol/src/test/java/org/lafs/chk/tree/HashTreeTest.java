package org.lafs.chk.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.IntStream;
import org.lafs.format.TaggedHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Merkle tree and share-hash-chain known answers from chk-format.md sections 8 and 8.2. */
class HashTreeTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void knownAnswerTree() {
        byte[][] leaves = new byte[3][];
        for (int i = 0; i < 3; i++) {
            leaves[i] = TaggedHash.sha256().digest(new byte[] {(byte) i});
        }
        MerkleTree t = MerkleTree.of(leaves);
        assertEquals(7, t.nodeCount());
        assertEquals("9ed59076b6bee6b75864630c3c20cff6934efe03a60a7fd28b69542fb13a68a3", HEX.formatHex(t.node(6)));
        assertEquals("a9c13d2280cba14ba169e363dd4abeb316a36f1c323e5faff683836c4e307ddc", HEX.formatHex(t.root()));
        assertEquals("3dd1cc8445dd34f8b3049c51deab3d04c15b5fd2c9b84eddab345966bd8fdde4",
                HEX.formatHex(MerkleTree.emptyLeaf(1)));
        assertEquals("b1145da5f31f4e5beb989d69ae3e6ac4ac1a6cc816cccf01803ec66af1ca9469",
                HEX.formatHex(MerkleTree.emptyLeaf(2)));
        assertArrayEquals(t.root(), MerkleTree.verifyFlat(t.toBytes(), 0, 3));
        assertArrayEquals(MerkleTree.internal(t.node(1), t.node(2)), t.root());
    }

    @Test
    void neededNodesVerifyEachLeaf() {
        for (int count : new int[] {1, 2, 3, 16, 17, 64}) {
            byte[][] leaves = new byte[count][];
            for (int i = 0; i < count; i++) {
                leaves[i] = TaggedHash.sha256().digest(new byte[] {(byte) i, 9});
            }
            MerkleTree t = MerkleTree.of(leaves);
            for (int i = 0; i < count; i++) {
                int[] need = MerkleTree.neededNodes(count, i);
                byte[][] sib = new byte[need.length][];
                for (int j = 0; j < need.length; j++) {
                    sib[j] = t.node(need[j]);
                }
                assertArrayEquals(t.root(), MerkleTree.rootFromPath(count, i, leaves[i], sib));
                byte[] wrong = leaves[i].clone();
                wrong[5] ^= 1;
                assertEquals(false, Arrays.equals(t.root(), MerkleTree.rootFromPath(count, i, wrong, sib)));
            }
        }
    }

    @Test
    void oneLeafTreeIsTheLeaf() {
        byte[] leaf = TaggedHash.sha256().digest(new byte[] {7});
        MerkleTree t = MerkleTree.of(new byte[][] {leaf});
        assertEquals(1, t.nodeCount());
        assertArrayEquals(leaf, t.root());
    }

    @Test
    void verifyFlatDetectsEveryByte() {
        byte[][] leaves = new byte[5][];
        for (int i = 0; i < 5; i++) {
            leaves[i] = TaggedHash.sha256().digest(new byte[] {(byte) i});
        }
        byte[] flat = MerkleTree.of(leaves).toBytes();
        for (int pos = 32; pos < flat.length; pos++) { // the root itself is checked by the caller
            byte[] bad = flat.clone();
            bad[pos] ^= 1;
            int at = pos;
            assertThrows(IllegalArgumentException.class, () -> MerkleTree.verifyFlat(bad, 0, 5), "byte " + at);
        }
    }

    @Test
    void sizes() {
        assertEquals(1, MerkleTree.nextPow2(1));
        assertEquals(16, MerkleTree.nextPow2(16));
        assertEquals(32, MerkleTree.nextPow2(17));
        assertEquals(992, MerkleTree.serializedSize(16));
        assertEquals(1, ShareHashChain.length(1));
        assertEquals(2, ShareHashChain.length(2));
        assertEquals(3, ShareHashChain.length(3));
        assertEquals(3, ShareHashChain.length(4));
        assertEquals(5, ShareHashChain.length(10));
        assertEquals(9, ShareHashChain.length(255));
        assertEquals(9, ShareHashChain.length(256));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "5; 3; 10 9 2 3",
        "256; 0; 256 32 64 128 4 2 8 16 255",
        "256; 255; 509 1 5 13 61 125 253 29 510",
        "10; 0; 2 4 8 15 16",
        "10; 9; 1 6 12 23 24",
        "1; 0; 0"})
    void chainOrderMatchesCPython(int n, int shnum, String expected) {
        int[] want = Arrays.stream(expected.split(" ")).mapToInt(Integer::parseInt).toArray();
        assertArrayEquals(want, ShareHashChain.nodeOrder(n, shnum));
    }

    @Test
    void chainOrderIsAPermutationOfTheNeededSet() {
        for (int n = 1; n <= 256; n++) {
            for (int i = 0; i < n; i++) {
                int[] order = ShareHashChain.nodeOrder(n, i);
                int[] insert = ShareHashChain.insertionOrder(n, i);
                assertEquals(ShareHashChain.length(n), order.length);
                assertArrayEquals(IntStream.of(insert).sorted().toArray(), IntStream.of(order).sorted().toArray());
            }
        }
    }

    @Test
    void chainVerifiesAndLeadsToRoot() {
        for (int n : new int[] {1, 2, 3, 10, 101, 256}) {
            byte[][] roots = new byte[n][];
            for (int i = 0; i < n; i++) {
                roots[i] = TaggedHash.sha256().digest(new byte[] {(byte) i, (byte) n});
            }
            MerkleTree t = MerkleTree.of(roots);
            for (int i = 0; i < n; i += n > 16 ? 17 : 1) {
                byte[] chain = ShareHashChain.encode(t, i);
                assertArrayEquals(t.root(), ShareHashChain.verify(chain, 0, n, i, roots[i]));
                int share = i;
                for (int pos = 0; pos < chain.length; pos++) {
                    byte[] bad = chain.clone();
                    bad[pos] ^= (byte) 0x80;
                    try {
                        byte[] root = ShareHashChain.verify(bad, 0, n, share, roots[share]);
                        assertEquals(false, Arrays.equals(root, t.root()), "flip at " + pos + " undetected");
                    } catch (IllegalArgumentException expected) {
                        // detected
                    }
                }
            }
        }
    }
}
