package org.lafs.helper.foolscap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.helper.config.ConfigLoader;
import org.lafs.helper.config.FoolscapConfig;

/**
 * The tub identity: a stock foolscap tub's {@code node.pem} (PKCS#8, and the PKCS#1 form older
 * nodes have) gives the TubID foolscap itself computes, so a Java helper can take over a Python
 * helper's FURL; a fresh identity is created once and kept.
 */
class FoolscapIdentityTest {
    @TempDir
    Path dir;

    /** Asks python3-foolscap for a new tub's node.pem and TubID; {@code pkcs1} rewrites the key in the old form. */
    private String[] pythonTub(boolean pkcs1) throws Exception {
        String script = """
                import sys
                from foolscap.api import Tub
                from cryptography.hazmat.primitives import serialization
                t = Tub()
                pem = t.getCertData()
                if sys.argv[1] == "1":
                    cert, key = pem.split(b"-----END CERTIFICATE-----\\n", 1)
                    k = serialization.load_pem_private_key(key, None)
                    key = k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                          serialization.NoEncryption())
                    pem = cert + b"-----END CERTIFICATE-----\\n" + key
                open(sys.argv[2], "wb").write(pem)
                print(t.getTubID())
                """;
        Path pem = dir.resolve(pkcs1 ? "node1.pem" : "node8.pem");
        Process p = new ProcessBuilder(System.getProperty("foolscap.python", "/usr/bin/python3"), "-W", "ignore", "-c", script,
                pkcs1 ? "1" : "0", pem.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("python3-foolscap could not make a tub (install python3-foolscap): " + out);
        }
        return new String[] {out.substring(out.lastIndexOf('\n') + 1), pem.toString()};
    }

    private FoolscapConfig config(Map<String, String> m) {
        java.util.Map<String, String> c = new java.util.LinkedHashMap<>(m);
        c.put("state.dir", dir.resolve("state").toString());
        return ConfigLoader.fromFlatForTests(c).foolscap();
    }

    @Test
    void aFoolscapNodePemKeepsItsTubId() throws Exception {
        for (boolean pkcs1 : new boolean[] {false, true}) {
            String[] tub = pythonTub(pkcs1);
            Files.writeString(dir.resolve("swiss"), "rz7xa3h6qi525kpcdxhuhfbmq7bsmnqo\n");
            TubIdentity id = TubIdentity.load(config(Map.of("foolscap.cert-file", tub[1], "foolscap.key-file", tub[1],
                    "foolscap.swissnum-file", dir.resolve("swiss").toString())), dir.resolve("state"));
            assertEquals(tub[0], id.tubId(), pkcs1 ? "PKCS#1 key" : "PKCS#8 key");
            assertTrue(id.keyPem().startsWith("-----BEGIN PRIVATE KEY-----"), "handed to TLS as PKCS#8");
            assertEquals("pb://" + tub[0] + "@tcp:h:1/rz7xa3h6qi525kpcdxhuhfbmq7bsmnqo", id.furl(List.of("tcp:h:1")).uri());
            assertTrue(!id.toString().contains("rz7x"), "redacted");
        }
    }

    @Test
    void aNewIdentityIsCreatedOnceAndKept() throws Exception {
        FoolscapConfig c = config(Map.of());
        TubIdentity first = TubIdentity.load(c, dir.resolve("state"));
        TubIdentity second = TubIdentity.load(c, dir.resolve("state"));
        assertEquals(first.tubId(), second.tubId());
        assertEquals(first.swissnum(), second.swissnum());
        assertEquals(32, first.swissnum().length(), "160 random bits, as foolscap makes them");
        assertTrue(first.isSwissnum(first.swissnum().getBytes(StandardCharsets.US_ASCII)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(c.swissnumFile())));
    }

    @Test
    void namedFilesMustExist() {
        FoolscapConfig c = config(Map.of("foolscap.cert-file", dir.resolve("missing.pem").toString(),
                "foolscap.key-file", dir.resolve("missing.pem").toString()));
        assertThrows(IOException.class, () -> TubIdentity.load(c, dir.resolve("state")));
    }
}
