package org.lafs.client.config;

import org.lafs.format.ByteSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lafs.client.ClientConfig;

class ConfigParsingTest {
    @ParameterizedTest
    @CsvSource({"500KB,500000", "4MB,4000000", "1MiB,1048576", "65536,65536", "1.5MB,1500000", "2k,2000",
            "3 GB,3000000000", "10B,10", "4MB/s,4000000"})
    void sizes(String text, long expected) {
        assertEquals(expected, ByteSize.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MB", "-1", "4XB", "1e9", "12345678901234567890", "4 M B"})
    void badSizes(String text) {
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
    }

    @Test
    void iniLikeTahoe() {
        IniFile f = IniFile.parse("""
                # comment
                [node]
                nickname = x
                web.port = tcp:3456:interface=127.0.0.1
                [client]
                ; another comment
                shares.needed = 2
                Shares.Total: 5
                helper.url =
                """, "tahoe.cfg");
        assertEquals("2", f.get("client", "shares.needed").orElseThrow());
        assertEquals(5, f.getInt("client", "shares.total", 1, 256).orElseThrow());
        assertTrue(f.get("client", "helper.url").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> IniFile.parse("key = outside", "x"));
        assertThrows(IllegalArgumentException.class, () -> IniFile.parse("[client\nk=v", "x"));
        assertThrows(IllegalArgumentException.class, () -> IniFile.parse("[client]\njunk", "x"));
    }

    @Test
    void nodeDirectoryWithOverrides(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("private"));
        Files.writeString(dir.resolve("tahoe.cfg"), """
                [node]
                web.port = tcp:4567:interface=127.0.0.1
                [client]
                shares.needed = 2
                shares.happy = 3
                shares.total = 4
                helper.url = https://127.0.0.1:9999
                helper.spki-sha256 = AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
                upload.throttle = 2MB
                """);
        Files.writeString(dir.resolve("private/helper-token"), "tok-1234567890abcdef\n");
        NodeDirectory node = NodeDirectory.open(dir);
        assertEquals(4567, node.webPort());
        ClientConfig c = node.config(new NodeDirectory.Overrides());
        assertEquals(2, c.parameters().k());
        assertEquals(3, c.parameters().happy());
        assertEquals(4, c.parameters().n());
        assertEquals("https://127.0.0.1:9999/helper/v1", c.helper().url().toString());
        assertEquals("tok-1234567890abcdef", c.helper().token());
        assertEquals(2_000_000, c.throttleBytesPerSecond());
        assertEquals(32, c.convergenceSecret().length, "convergence secret created on first use");
        assertTrue(!c.toString().contains("tok-1234567890abcdef") && !c.helper().toString().contains("tok-"));
        byte[] again = NodeDirectory.open(dir).config(new NodeDirectory.Overrides()).convergenceSecret();
        assertEquals(java.util.Arrays.toString(c.convergenceSecret()), java.util.Arrays.toString(again));

        NodeDirectory.Overrides o = new NodeDirectory.Overrides();
        o.direct = true;
        o.needed = 3;
        o.total = 10;
        o.throttle = 500_000L;
        ClientConfig d = node.config(o);
        assertNull(d.helper());
        assertEquals(3, d.parameters().k());
        assertEquals(10, d.parameters().n());
        assertEquals(3, d.parameters().happy(), "happy stays from tahoe.cfg when only k/n change");
        assertEquals(500_000, d.throttleBytesPerSecond());
        assertEquals(32, d.leaseSecret().length);
    }

    @Test
    void helperWithoutTokenIsAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tahoe.cfg"), "[client]\nhelper.url = https://127.0.0.1:1/helper/v1\n");
        NodeDirectory node = NodeDirectory.open(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> node.config(new NodeDirectory.Overrides()));
        assertTrue(e.getMessage().contains("token"), e.getMessage());
    }
}
