package org.lafs.gbs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CborTextKeysTest {

    @Test
    void ourRequestsPass() {
        CborTextKeys.require(GbsCbor.encodeAllocateRequest(new AllocateRequest(Set.of(0, 3, 9), 1000)));
        CborTextKeys.require(GbsCbor.encodeCorruptRequest("bad block hash"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a1 61 61 a1 61 62 80",          // nested map, text keys
        "bf 61 61 01 61 62 9f 01 02 ff ff", // indefinite map and array
        "7f 61 61 62 6263 ff",           // indefinite text string of text chunks
        "1b ffffffffffffffff",           // the largest unsigned integer
        "fb 3ff0000000000000",           // a double
        "d90102 83 00 05 07",            // tagged set
    })
    void wellFormedItemsWithTextKeysPass(String h) {
        assertDoesNotThrow(() -> CborTextKeys.require(GbsCborTest.hex(h)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a1 41 61 01",                   // byte-string key
        "a1 01 01",                      // integer key
        "81 a1 41 61 01",                // byte-string key inside an array
        "bf 41 61 01 ff",                // byte-string key in an indefinite map
        "a1 61 61 a1 41 62 00",          // in a nested map
    })
    void nonTextKeysFail(String h) {
        CborFormatException e = assertThrows(CborFormatException.class, () -> CborTextKeys.require(GbsCborTest.hex(h)));
        assertTrue(e.getMessage().contains("text strings"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                              // nothing
        "a1 61",                         // truncated key
        "a2 61 61 01",                   // second pair missing
        "9b ffffffffffffffff",           // count larger than any body
        "9a 7fffffff 00",                // count larger than this body
        "5a 7fffffff 00",                // string longer than the body
        "1c",                            // reserved additional information
        "ff",                            // break with nothing open
        "1f",                            // indefinite integer
        "7f 41 61 ff",                   // byte chunk in a text string
        "bf 61 61 01",                   // indefinite map without its break
        "19 01",                         // truncated argument
    })
    void malformedItemsFailCleanly(String h) {
        assertThrows(CborFormatException.class, () -> CborTextKeys.require(GbsCborTest.hex(h)));
    }

    @Test
    void nestingIsBounded() {
        String deep = "81 ".repeat(CborTextKeys.MAX_DEPTH + 2) + "00";
        assertThrows(CborFormatException.class, () -> CborTextKeys.require(GbsCborTest.hex(deep)));
        String fine = "81 ".repeat(CborTextKeys.MAX_DEPTH) + "00";
        assertDoesNotThrow(() -> CborTextKeys.require(GbsCborTest.hex(fine)));
    }

    @Test
    void requestDecodersRefuseByteStringKeys() {
        // the allocate golden vector with both keys as byte strings (0x4d, 0x4e instead of 0x6d, 0x6e)
        assertThrows(CborFormatException.class, () -> GbsCbor.decodeAllocateRequest(GbsCborTest.hex(
                "a2 4d 73686172652d6e756d62657273 d90102 82 01 03 4e 616c6c6f63617465642d73697a65 19 03e8")));
        assertThrows(CborFormatException.class, () -> GbsCbor.decodeCorruptRequest(GbsCborTest.hex("a1 46 726561736f6e 62 6f6b")));
    }
}
