package org.lafs.storage.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderRulesTest {
    @Test
    void contentRange() throws Exception {
        assertArrayEquals(new long[] {0, 16}, HeaderRules.contentRange("bytes 0-15/*"));
        assertArrayEquals(new long[] {5, 6}, HeaderRules.contentRange("bytes 5-5/100"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes 5-4/*", "bytes 0-1", "bytes */*", "Bytes 0-1/*", "bytes 10-11/10", "bytes a-b/*", "bytes 0-99999999999999999999/*"})
    void badContentRange(String v) {
        assertEquals(416, assertThrows(HeaderRules.Rejection.class, () -> HeaderRules.contentRange(v)).status());
    }

    @Test
    void range() throws Exception {
        assertArrayEquals(new long[] {0, 11}, HeaderRules.range("bytes=0-10"));
        assertArrayEquals(new long[] {3, 4}, HeaderRules.range("Bytes= 3 - 3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-", "bytes=-5", "bytes=0-1,2-3", "items=0-1", "bytes=4-3", "bytes"})
    void badRange(String v) {
        assertEquals(416, assertThrows(HeaderRules.Rejection.class, () -> HeaderRules.range(v)).status());
    }

    @Test
    void acceptFollowsWerkzeugBest() {
        assertDoesNotThrow(() -> HeaderRules.requireCborAccept(null));
        assertDoesNotThrow(() -> HeaderRules.requireCborAccept("application/cbor"));
        assertDoesNotThrow(() -> HeaderRules.requireCborAccept("*/*;q=1, application/cbor;q=0.1"));
        assertEquals(406, assertThrows(HeaderRules.Rejection.class, () -> HeaderRules.requireCborAccept("*/*")).status());
        assertEquals(406, assertThrows(HeaderRules.Rejection.class,
                () -> HeaderRules.requireCborAccept("text/html, application/cbor")).status());
        assertDoesNotThrow(() -> HeaderRules.requireCborAccept("text/html;q=0.5, application/cbor"));
    }

    @Test
    void contentType() {
        assertDoesNotThrow(() -> HeaderRules.requireCborContentType(null));
        assertDoesNotThrow(() -> HeaderRules.requireCborContentType(""));
        assertDoesNotThrow(() -> HeaderRules.requireCborContentType("application/cbor; x=y"));
        assertEquals(415, assertThrows(HeaderRules.Rejection.class, () -> HeaderRules.requireCborContentType("Application/CBOR")).status());
    }
}
