package org.lafs.helper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest extends ConfigFileTestBase {
    @Test
    void defaultsAndNestedYaml() throws Exception {
        HelperConfig c = load("""
                listen: {port: 0}
                state: {dir: st}
                tokens:
                  alice: {secret: abcdefghijklmnopqrst, bytes-per-day: 5MiB}
                """, Map.of());
        assertEquals("127.0.0.1", c.listenHost());
        assertEquals(0, c.listenPort());
        assertEquals(dir.resolve("st"), c.stateDir());
        assertEquals(50_000, c.windowBytes());
        assertEquals(8, c.segmentsPerWrite());
        assertEquals(Duration.ofDays(7), c.expiry());
        assertEquals(5L << 20, c.tokens().get(0).bytesPerDay());
        assertEquals(16, c.tokens().get(0).concurrentUploads());
        assertFalse(c.tokens().get(0).toString().contains("abcdefghijklmnopqrst"));
        assertFalse(c.helperAsClient());
        assertEquals(org.lafs.chk.EncodingParameters.DEFAULTS, c.clientEncoding());
    }

    @Test
    void environmentOverrides() throws Exception {
        HelperConfig c = load("tokens: {bob: {secret: abcdefghijklmnopqrst}}\n",
                Map.of("HELPER_PUSH_WINDOW_BYTES", "65536", "HELPER_UPLOADS_EXPIRY", "2h", "HELPER_TOKENS_BOB_SECRET", "zyxwvutsrqponmlkjihg"));
        assertEquals(65536, c.windowBytes());
        assertEquals(Duration.ofHours(2), c.expiry());
        assertTrue(c.tokens().get(0).matches("zyxwvutsrqponmlkjihg"));
        assertEquals("HELPER_LIMITS_SPOOL_QUOTA", ConfigLoader.envName("limits.spool-quota"));
    }

    @Test
    void errorsAreOneLine() {
        for (String bad : new String[] {
            "lisen: {port: 1}\n",
            "listen: {port: 70000}\n",
            "tls: {mode: off}\nlisten: {host: 0.0.0.0}\n",
            "tls: {mode: files}\n",
            "push: {window-bytes: -5}\n",
            "push: {segments-per-write: 0}\n",
            "push: {segments-per-write: 33}\n",
            "helper-as-client: {shares: {needed: 4, total: 3}}\n",
            "helper-as-client: {shares: {total: 4294967306}}\n",
            "helper-as-client: {shares: {happy: 0}}\n",
            "helper-as-client: {max-segment-size: 9M}\n",
            "uploads: {expiry: soon}\n",
            "tokens: {a: {secret: short}}\n",
            "tokens: {a: {secret: abcdefghijklmnopqrst}, b: {secret: abcdefghijklmnopqrst}}\n",
            "[1, 2]\n",
            "listen: {port: [1]}\n",
            "{{{\n"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(bad, Map.of()), bad);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void sizes() {
        // one meaning in every tool: Tahoe's parse_abbreviated_size
        assertEquals(1000, ConfigLoader.parseSize("1k"));
        assertEquals(1024, ConfigLoader.parseSize("1KiB"));
        assertEquals(3_000_000_000L, ConfigLoader.parseSize("3G"));
        assertEquals(3L << 30, ConfigLoader.parseSize("3GiB"));
        assertEquals(131072, ConfigLoader.parseSize("128KiB"));
        assertEquals(7, ConfigLoader.parseSize("7"));
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.parseSize("-1"));
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.parseSize("99999999999999T"));
    }
}
