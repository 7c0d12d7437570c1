package org.lafs.chk.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.lafs.chk.FileGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Strict UEB parsing (chk-format.md section 9). */
class UriExtensionTest {
    private static final FileGeometry G = FileGeometry.of(2097151, 3, 10, 131072);

    private static String valid() {
        byte[] h = new byte[32];
        for (int i = 0; i < 32; i++) {
            h[i] = (byte) ('A' + i % 26); // printable so the test can edit the text
        }
        return new String(new UriExtension(G, h, h, h).serialize(), StandardCharsets.ISO_8859_1);
    }

    private static UriExtension parse(String s) {
        return UriExtension.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void roundTrip() {
        UriExtension u = parse(valid());
        assertEquals(G, u.geometry());
        assertEquals(valid(), new String(u.serialize(), StandardCharsets.ISO_8859_1));
        assertEquals(328, UriExtension.serializedLength(G));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "size:7:2097151,|size:8:02097151,|UEB: size is not a canonical decimal",
        "size:7:2097151,|size:07:2097151,|UEB: netstring length for 'size' has a leading zero",
        "codec_name:3:crs,|codec_name:3:xyz,|UEB: codec_name must be 'crs'",
        "tail_codec_params:11:131058-3-10,|tail_codec_params:11:131056-3-10,|UEB: tail_codec_params should be '131058-3-10'",
        "num_segments:2:16,|num_segments:2:17,|UEB: num_segments 17 should be 16",
        "segment_size:6:131073,|segment_size:9:134217984,|UEB: segment_size exceeds 134217983",
        "segment_size:6:131073,|segment_size:6:131076,|UEB: codec_params should be '131076-3-10'",
        "total_shares:2:10,|total_shares:2:10,,|UEB: 1 trailing bytes after the 11 keys",
        "total_shares:2:10,|total_shares:2:10;|UEB: netstring for 'total_shares' truncated or missing ','",
        "needed_shares:1:3,|needed_shares:1:2,|UEB: segment_size 131073 is not the effective size for 2097151 bytes and k=2",
        "needed_shares:1:3,|needed_shares:2:11,|UEB: inconsistent parameters: need 1 <= k <= n <= 256, got k=11 n=10",
        "codec_name:3:crs,codec_params|codec_params:11:131073-3-10,codec_name:3:crs,codec_params|UEB: expected key 'codec_name' at byte 0",
    })
    void rejects(String from, String to, String message) {
        String bad = valid().replace(from, to);
        assertTrue(!bad.equals(valid()));
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> parse(bad)).getMessage());
    }

    @Test
    void rejectsLongUeb() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UriExtension.parse(new byte[2000]));
        assertEquals("UEB of 2000 bytes exceeds 1999", e.getMessage());
    }
}
