package org.lafs.placement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lafs.format.Base32;

/**
 * Permuted order against digests computed by hand from gbs-storage-protocol.md section 7
 * (SHA1(SI || seed) with Python's hashlib, written here as literals).
 */
class PermutedOrderTest {
    private static final HexFormat HEX = HexFormat.of();
    /** SI of chk-format.md vector #0. */
    private static final byte[] SI = Base32.decode("i5nhq74zw2crkop634ra4hrvzm");

    // Key ids: "v0-" + base32(SHA256("server X key")).
    static final String A = "v0-cvakmycfp56q2iyeaiwomkar2gghgq5kkuspyiazabm5gldnxw5a";
    static final String B = "v0-5wkmn6tckpqik62zbg7n5fyn5zntpisabhfsrkjfco6xzd2w7pcq";
    static final String C = "old-server-C";
    static final String D = "v0-4m3c6gxd5ldp2krroz72k3ox3it3zkfw4qfrwoi373ovcnfbcsaq";
    static final String E = "v0-iarhfuaog34yq4pwppafj55vptw6ubgg4toy74mux2shmmwoqnga";
    /** B announces an explicit seed (the tub id of gbs-storage-protocol.md section 6). */
    static final String B_SEED = "v67jiisoty6ooyxlql5fuucitqiok2ic";

    static Stream<Arguments> digests() {
        return Stream.of(
                Arguments.of(A, null, "e592ad3caa4250db7cb8e5f71e4d67405324b6ec"),
                Arguments.of(B, B_SEED, "824233a5a13ac5d3a092aa43c2a8fc47ae0b87a7"),
                Arguments.of(C, null, "416c2d73c403fe3e99f03983c4e59c18940d769a"),
                Arguments.of(D, null, "fa3f3dbe2902620e808c9deffeb53481403cc32f"),
                Arguments.of(E, null, "34f93765899f61ef0af9607229c7d5d6246c9ef1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("digests")
    void permutedHashMatchesHandComputedSha1(String id, String seedB32, String expectedHex) {
        byte[] seed = PermutationSeed.of(id, seedB32);
        assertEquals(expectedHex, HEX.formatHex(PermutedOrder.permutedHash(SI, seed)));
    }

    @Test
    void seedRules() {
        // rule 1: explicit permutation-seed-base32 wins over the key id
        assertArrayEquals(Base32.decode(B_SEED), PermutationSeed.of(B, B_SEED));
        // rule 2: the 32 key bytes after "v0-"
        assertArrayEquals(Base32.decode(A.substring(3)), PermutationSeed.of(A, null));
        assertEquals(32, PermutationSeed.of(A, null).length);
        // rule 3: SHA256(server id)
        assertEquals("d8ea50155a610ab9c588620a5879a5b2c79b45210d6c3d9ca574026c9b9b3379",
                HEX.formatHex(PermutationSeed.of(C, null)));
        // upper case is not a key id: hashed
        assertEquals(32, PermutationSeed.of(A.toUpperCase(), null).length);
        assertThrows(IllegalArgumentException.class, () -> PermutationSeed.of(A, "NOT-base32!"));
    }

    private static List<RankedServer> servers(boolean dPreferred) {
        return List.of(
                new RankedServer(A, PermutationSeed.of(A, null), false),
                new RankedServer(B, PermutationSeed.of(B, B_SEED), false),
                new RankedServer(C, PermutationSeed.of(C, null), false),
                new RankedServer(D, PermutationSeed.of(D, null), dPreferred),
                new RankedServer(E, PermutationSeed.of(E, null), false));
    }

    @Test
    void ordersByDigestAsUnsignedBytes() {
        // 34f9 < 416c < 8242 < e592 < fa3f; a signed comparison would put A and D first.
        assertEquals(List.of(E, C, B, A, D), PermutedOrder.rankIds(SI, servers(false)));
    }

    @Test
    void preferredServersComeFirst() {
        assertEquals(List.of(D, E, C, B, A), PermutedOrder.rankIds(SI, servers(true)));
    }

    @Test
    void orderDependsOnTheStorageIndexOnly() {
        List<RankedServer> shuffled = new java.util.ArrayList<>(servers(false));
        java.util.Collections.reverse(shuffled);
        assertEquals(PermutedOrder.rankIds(SI, servers(false)), PermutedOrder.rankIds(SI, shuffled));
    }

    @Test
    void recordCopiesItsSeed() {
        byte[] seed = new byte[] {1, 2, 3};
        RankedServer r = new RankedServer("x", seed, false);
        seed[0] = 9;
        assertEquals(1, r.permutationSeed()[0]);
        r.permutationSeed()[1] = 9;
        assertEquals(2, r.permutationSeed()[1]);
        assertEquals(new RankedServer("x", new byte[] {1, 2, 3}, false), r);
    }
}
