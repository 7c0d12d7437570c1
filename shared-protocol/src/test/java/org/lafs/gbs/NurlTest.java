package org.lafs.gbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NurlTest {
    static final String HASH = "KUBRiX_Ae2OJURI-HiWhjGJ6XSQnjkgjsx8Mf-MvxOY";
    static final String TEXT = "pb://" + HASH + "@127.0.0.1:34259/umwwl3jb5vjfnyisz2mzaxj4nehfri7g#v=1";

    @Test
    void parsesAndFormats() {
        Nurl n = Nurl.parse(TEXT);
        assertEquals(HASH, n.spkiHash());
        assertEquals("127.0.0.1", n.host());
        assertEquals(34259, n.port());
        assertEquals("umwwl3jb5vjfnyisz2mzaxj4nehfri7g", n.swissnum());
        assertFalse(n.tor());
        assertEquals(TEXT, n.format());
        assertFalse(n.toString().contains("umwwl3jb"), "toString must redact the swissnum");
        assertEquals("Tahoe-LAFS dW13d2wzamI1dmpmbnlpc3oybXpheGo0bmVoZnJpN2c=", n.authorizationHeader());
        assertTrue(Nurl.parse("pb+tor://" + HASH + "@abc.onion:80/x#v=1").tor());
        assertEquals("::1", Nurl.parse("pb://" + HASH + "@[::1]:5/x#v=1").connectHost());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "pb://KUBRiX_Ae2OJURI-HiWhjGJ6XSQnjkgjsx8Mf-MvxOY@127.0.0.1:34259/swiss",          // no fragment (FURL)
        "pb://KUBRiX_Ae2OJURI-HiWhjGJ6XSQnjkgjsx8Mf-MvxOY@127.0.0.1:34259/swiss#v=2",
        "pb://KUBRiX_Ae2OJURI-HiWhjGJ6XSQnjkgjsx8Mf-MvxO@127.0.0.1:34259/swiss#v=1",       // 42 chars
        "pb://KUBRiX_Ae2OJURI-HiWhjGJ6XSQnjkgjsx8Mf-MvxOY=@127.0.0.1:34259/swiss#v=1",
        "https://KUBRiX_Ae2OJURI-HiWhjGJ6XSQnjkgjsx8Mf-MvxOY@127.0.0.1:34259/swiss#v=1",
        "pb://KUBRiX_Ae2OJURI-HiWhjGJ6XSQnjkgjsx8Mf-MvxOY@127.0.0.1/swiss#v=1",
        "pb://KUBRiX_Ae2OJURI-HiWhjGJ6XSQnjkgjsx8Mf-MvxOY@127.0.0.1:0/swiss#v=1",
        "pb://KUBRiX_Ae2OJURI-HiWhjGJ6XSQnjkgjsx8Mf-MvxOY@127.0.0.1:70000/swiss#v=1",
        "pb://KUBRiX_Ae2OJURI-HiWhjGJ6XSQnjkgjsx8Mf-MvxOY@127.0.0.1:1/a/b#v=1",
        "pb://KUBRiX_Ae2OJURI-HiWhjGJ6XSQnjkgjsx8Mf-MvxOY@127.0.0.1:1/#v=1",
        "pb://KUBRiX_Ae2OJURI-HiWhjGJ6XSQnjkgjsx8Mf-MvxOY@127.0.0.1:1/a?x=1#v=1",
        "",
    })
    void rejectsMalformed(String text) {
        assertThrows(IllegalArgumentException.class, () -> Nurl.parse(text));
    }
}
