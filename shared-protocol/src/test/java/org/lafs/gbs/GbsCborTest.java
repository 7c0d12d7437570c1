package org.lafs.gbs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden CBOR bytes for every message (STYLE.md item 3). */
class GbsCborTest {
    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Test
    void allocateRequestGolden() {
        // {"share-numbers": 258([1, 3]), "allocated-size": 1000}
        byte[] expected = hex("a2 6d 73686172652d6e756d62657273 d90102 82 01 03 6e 616c6c6f63617465642d73697a65 19 03e8");
        assertArrayEquals(expected, GbsCbor.encodeAllocateRequest(new AllocateRequest(Set.of(3, 1), 1000)));
        assertEquals(new AllocateRequest(Set.of(1, 3), 1000), GbsCbor.decodeAllocateRequest(expected));
    }

    @Test
    void allocateResultGolden() {
        byte[] expected = hex("a2 6c 616c72656164792d68617665 d90102 81 00 69 616c6c6f6361746564 d90102 80");
        AllocateResult r = new AllocateResult(Set.of(0), Set.of());
        assertArrayEquals(expected, GbsCbor.encodeAllocateResult(r));
        assertEquals(r, GbsCbor.decodeAllocateResult(expected));
    }

    @Test
    void requiredGolden() {
        byte[] expected = hex("a1 68 7265717569726564 81 a2 65 626567696e 0a 63 656e64 18 64");
        List<ByteRange> r = List.of(new ByteRange(10, 100));
        assertArrayEquals(expected, GbsCbor.encodeRequired(r));
        assertEquals(r, GbsCbor.decodeRequired(expected));
        assertEquals(List.of(), GbsCbor.decodeRequired(hex("a1 68 7265717569726564 80")));
    }

    @Test
    void shareSetAndCorrupt() {
        assertArrayEquals(hex("d90102 83 00 05 07"), GbsCbor.encodeShareSet(Set.of(7, 0, 5)));
        assertEquals(Set.of(0, 5, 7), GbsCbor.decodeShareSet(hex("d90102 83 00 05 07")));
        assertArrayEquals(hex("a1 66 726561736f6e 62 6f6b"), GbsCbor.encodeCorruptRequest("ok"));
        assertEquals("ok", GbsCbor.decodeCorruptRequest(hex("a1 66 726561736f6e 62 6f6b")));
    }

    @Test
    void versionHasByteStringKeys() {
        VersionInfo v = new VersionInfo(1000, 2000, 1000, "x".getBytes());
        byte[] enc = GbsCbor.encodeVersion(v);
        // map(2), then a byte string (major type 2) of 47 bytes: the v1 key
        assertEquals((byte) 0xa2, enc[0]);
        assertEquals((byte) 0x58, enc[1]);
        assertEquals(47, enc[2]);
        assertEquals(v, GbsCbor.decodeVersion(enc));
    }

    @Test
    void tahoeVersionWithUnknownSpaceDecodes() {
        // Tahoe reports 2**64 when it cannot tell the free space; cbor2 writes that as a bignum (tag 2)
        String v1 = HexFormat.of().formatHex(GbsProtocol.V1_KEY.getBytes());
        byte[] doc = hex("a2 58 2f " + v1 + " a3"
                + " 58 1c " + HexFormat.of().formatHex("maximum-immutable-share-size".getBytes()) + " c2 49 010000000000000000"
                + " 58 1a " + HexFormat.of().formatHex("maximum-mutable-share-size".getBytes()) + " 1b 00f582a1a1341000"
                + " 4f " + HexFormat.of().formatHex("available-space".getBytes()) + " c2 49 010000000000000000"
                + " 53 " + HexFormat.of().formatHex("application-version".getBytes()) + " 4e " + HexFormat.of().formatHex("tahoe-lafs/1.19".getBytes()).substring(0, 28));
        VersionInfo v = GbsCbor.decodeVersion(doc);
        assertEquals(Long.MAX_VALUE, v.maximumImmutableShareSize());
        assertEquals(Long.MAX_VALUE, v.availableSpace());
        assertEquals(69105L * 1000 * 1000 * 1000 * 1000, v.maximumMutableShareSize());
        assertEquals("tahoe-lafs/1.1", v.applicationVersionText());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                   // empty
        "ff",                                 // break alone
        "a1 6d 73686172652d6e756d62657273 d90102 80",                  // allocated-size missing
        "a2 6d 73686172652d6e756d62657273 82 01 03 6e 616c6c6f63617465642d73697a65 01", // no tag 258
        "a2 6d 73686172652d6e756d62657273 d90102 81 20 6e 616c6c6f63617465642d73697a65 01", // negative
        "a2 6d 73686172652d6e756d62657273 d90102 81 19 0100 6e 616c6c6f63617465642d73697a65 01", // shnum 256
        "a2 6d 73686172652d6e756d62657273 d90102 80 6e 616c6c6f63617465642d73697a65 f9 3c00", // float size
        "a3 6d 73686172652d6e756d62657273 d90102 80 6e 616c6c6f63617465642d73697a65 01 61 78 01", // extra key
        "a2 6d 73686172652d6e756d62657273 d90102 80 6e 616c6c6f63617465642d73697a65 01 00", // trailing
        "a2 6d 73686172652d6e756d62657273 d90102 80 6e 616c6c6f63617465642d73697a65", // truncated
    })
    void rejectsBadAllocateRequests(String h) {
        assertThrows(CborFormatException.class, () -> GbsCbor.decodeAllocateRequest(hex(h)));
    }

    @Test
    void hugeSizeSaturates() {
        byte[] b = hex("a2 6d 73686172652d6e756d62657273 d90102 80 6e 616c6c6f63617465642d73697a65 1b ffffffffffffffff");
        assertEquals(Long.MAX_VALUE, GbsCbor.decodeAllocateRequest(b).allocatedSize());
    }
}
