package org.lafs.helper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code foolscap.*} keys: defaults, overrides and every refusal. */
class FoolscapConfigTest extends ConfigFileTestBase {
    @Test
    void defaults() throws Exception {
        FoolscapConfig f = load("state: {dir: st}\n", Map.of()).foolscap();
        assertFalse(f.enabled());
        assertEquals("127.0.0.1", f.listenHost());
        assertEquals(3458, f.listenPort());
        assertEquals(List.of(), f.location());
        assertEquals(dir.resolve("st/foolscap/helper-cert.pem"), f.certFile());
        assertEquals(dir.resolve("st/foolscap/helper-key.pem"), f.keyFile());
        assertEquals(dir.resolve("st/foolscap/swissnum"), f.swissnumFile());
        assertEquals(dir.resolve("st/foolscap/helper.furl"), f.furlFile());
        assertEquals(1 << 20, f.readSize());
        assertEquals(100L << 30, f.client().bytesPerDay());
        assertEquals(4, f.client().concurrentUploads());
        assertEquals(16, f.maxUploads());
        assertEquals(5L << 30, f.maxSpool());
        assertEquals(Duration.ofSeconds(120), f.negotiationTimeout());
        assertEquals(Duration.ofMinutes(4), f.keepalive());
        assertEquals(Duration.ofMinutes(15), f.idleTimeout());
        TokenPolicy p = f.policyFor("fdqcgn2ripeprxhsdgfjmaqrd4ayazr3");
        assertEquals("foolscap:fdqcgn2ripeprxhsdgfjmaqrd4ayazr3", p.name());
        assertFalse(p.matches(""), "a Foolscap identity has no bearer secret that could match");
    }

    @Test
    void aTahoeNodePemAndHintsAndOverrides() throws Exception {
        FoolscapConfig f = load("""
                foolscap:
                  enabled: true
                  listen: {host: 0.0.0.0, port: 0}
                  location: "helper.example.org:3458, tcp:10.0.0.1:3458"
                  cert-file: /var/lib/tahoe/private/node.pem
                  key-file: /var/lib/tahoe/private/node.pem
                  read-size: 4MiB
                """, Map.of("HELPER_FOOLSCAP_LIMITS_UPLOADS", "3")).foolscap();
        assertTrue(f.enabled());
        assertEquals(List.of("tcp:helper.example.org:3458", "tcp:10.0.0.1:3458"), f.location());
        assertEquals(f.certFile(), f.keyFile());
        assertEquals(4 << 20, f.readSize());
        assertEquals(3, f.maxUploads());
    }

    @Test
    void refusals() {
        for (String bad : new String[] {
            "foolscap: {enabled: true, listen: {host: 0.0.0.0}}\n",
            "foolscap: {listen: {port: 70000}}\n",
            "foolscap: {location: 'udp:x:1'}\n",
            "foolscap: {read-size: 10k}\n",
            "foolscap: {read-size: 5M}\n",
            "foolscap: {limits: {uploads: 0}}\n",
            "foolscap: {keepalive: 10m, idle-timeout: 5m}\n",
            "foolscap: {negotiation-timeout: 0}\n",
            "foolscap: {enabled: maybe}\n",
            "foolscap: {frobnicate: 1}\n",
        }) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(bad, Map.of()), bad);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
