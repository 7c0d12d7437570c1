package org.lafs.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known answers from chk-format.md sections 1.1-1.4. */
class PrimitivesTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] range(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void netstrings() {
        assertEquals("3:abc,", new String(Netstring.encode("abc"), StandardCharsets.US_ASCII));
        assertEquals("0:,", new String(Netstring.encode(""), StandardCharsets.US_ASCII));
    }

    @Test
    void taggedHashesMatchTheSpec() {
        assertEquals("5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456",
                HEX.formatHex(TaggedHash.sha256d(new byte[0])));
        assertEquals("64b0cafcfe5f99653ae63b644191c890600965073ef48bf9b24f9e623c940229",
                HEX.formatHex(TaggedHash.hash("tag", ascii("value"))));
        assertEquals("92b1124db2ae3b8a037cda7413fbd25ee637a8dbf960b49bacc9e328a3e12e6c",
                HEX.formatHex(TaggedHash.pairHash("tag", ascii("a"), ascii("bc"))));
        assertArrayEquals(TaggedHash.hash("tag", ascii("value")),
                TaggedHash.hasher("tag").update(ascii("va")).update(ascii("lue")).digest());
    }

    @Test
    void base32MatchesTheSpec() {
        assertEquals("aaaqeayeaudaocajbifqydiob4", Base32.encode(range(16)));
        assertEquals("aaaqeayeaudaocajbifqydiob4ibceqtcqkrmfyydenbwha5dypq", Base32.encode(range(32)));
        assertArrayEquals(range(16), Base32.decode("aaaqeayeaudaocajbifqydiob4", 16));
        assertArrayEquals(range(32), Base32.decode("aaaqeayeaudaocajbifqydiob4ibceqtcqkrmfyydenbwha5dypq"));
        assertEquals("", Base32.encode(new byte[0]));
    }

    @Test
    void base32RejectsWhatTahoeRejects() {
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("AAAQEAYEAUDAOCAJBIFQYDIOB4"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("aaaqeayeaudaocajbifqydiob5"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("aaaqeayeaudaocajbifqydiob"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("aaaqeayeaudaocajbifqydio=4"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("aaaqeayeaudaocajbifqydiob4", 32));
    }
}
