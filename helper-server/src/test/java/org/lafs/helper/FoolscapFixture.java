package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.EncodingParameters;
import org.lafs.gbs.LeaseSecrets;
import org.lafs.helper.foolscap.FoolscapServer;

/**
 * A helper with its Foolscap listener on an ephemeral port, over a real 10-node local grid, real
 * RocksDB and real files, fresh for every test; plus the Python foolscap client. After each test
 * it checks that no connection, job or file handle is left.
 */
abstract class FoolscapFixture {
    /** Bytes per read_encrypted call in these tests (small, so uploads take several reads). */
    static final int READ_SIZE = 64 << 10;
    @TempDir
    Path dir;
    Vertx vertx;
    GridFixture grid;
    Helper helper;
    String furl;

    /** Extra configuration keys for a test class. */
    Map<String, String> extraConfig() {
        return Map.of();
    }

    @BeforeEach
    void startHelper() throws Exception {
        vertx = Vertx.vertx();
        grid = new GridFixture(vertx, dir.resolve("grid"));
        helper = startHelper(dir.resolve("helper"));
        furl = helper.foolscap().furl().uri();
    }

    Helper startHelper(Path state) throws Exception {
        return startHelper(state, grid.conn);
    }

    /**
     * Gives a fresh helper a tub certificate whose TubID lies in the middle of the range, so a
     * client needs few key generations to take either master role (a helper TubID like "22..."
     * would make the helper master for about one client key in 2000; spec pitfall 3).
     */
    static void middleTubId(Path state) throws Exception {
        Path dir = state.resolve("foolscap");
        if (Files.exists(dir.resolve("helper-cert.pem"))) {
            return;
        }
        while (true) {
            Path tmp = Files.createTempDirectory("tub");
            org.lafs.helper.tls.HelperTls.ensureSelfSigned(tmp);
            String id;
            try (var in = Files.newInputStream(tmp.resolve("helper-cert.pem"))) {
                id = org.lafs.helper.foolscap.negotiation.TubId.of(
                        java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded());
            }
            if (id.compareTo("h") >= 0 && id.compareTo("q") < 0) {
                org.lafs.fs.PrivateFiles.directory(dir);
                Files.move(tmp.resolve("helper-cert.pem"), dir.resolve("helper-cert.pem"));
                Files.move(tmp.resolve("helper-key.pem"), dir.resolve("helper-key.pem"));
                Files.delete(tmp);
                return;
            }
            Files.delete(tmp.resolve("helper-cert.pem"));
            Files.delete(tmp.resolve("helper-key.pem"));
            Files.delete(tmp);
        }
    }

    /** A helper on its own grid connection (the helper closes it when it stops). */
    Helper startHelper(Path state, org.lafs.helper.grid.GridConnection conn) throws Exception {
        middleTubId(state);
        Map<String, String> c = TestHelpers.baseConfig(state);
        c.put("foolscap.enabled", "true");
        c.put("foolscap.listen.port", "0");
        // 64 KiB reads: several read_encrypted calls even for the small files of these tests
        c.put("foolscap.read-size", READ_SIZE + "");
        c.putAll(extraConfig());
        return HelperWiring.start(vertx, TestHelpers.config(c), conn, LeaseSecrets.random()).await();
    }

    FoolscapServer foolscap() {
        return helper.foolscap();
    }

    @AfterEach
    void stopHelper() throws Exception {
        if (helper != null) {
            TestHelpers.waitFor("Foolscap connections closed", () -> helper.foolscap().connectionCount() == 0);
            TestHelpers.waitFor("Foolscap jobs ended", () -> helper.foolscap().uploads().jobCount() == 0);
            helper.stop().await();
        }
        grid.close();
        vertx.close().await();
        assertEquals(List.of(), TusHelperFixture.openFilesUnder(dir), "file descriptors left open");
    }

    /** A file the test uploads: plaintext, its convergent key, SI and ciphertext (on disk for the client). */
    ChkClient file(int size, long seed, EncodingParameters params) throws Exception {
        ChkClient c = new ChkClient(TestHelpers.randomBytes(size, seed), TestHelpers.randomBytes(32, seed + 1), params);
        Files.write(dir.resolve(c.siBase32() + ".ciphertext"), c.ciphertext);
        return c;
    }

    /** Runs the Python client for {@code file} as the client whose certificate is {@code cert}. */
    JsonObject client(String cert, String role, String scenario, ChkClient file, String... extra) throws Exception {
        List<String> a = new ArrayList<>(List.of("--furl", furl, "--cert", dir.resolve(cert + ".pem").toString(), "--role", role,
                "--scenario", scenario));
        if (file != null) {
            a.addAll(List.of("--si", java.util.HexFormat.of().formatHex(file.si), "--ciphertext",
                    dir.resolve(file.siBase32() + ".ciphertext").toString(), "--params",
                    file.params.k() + "," + file.params.happy() + "," + file.params.n() + "," + file.geometry.segmentSize()));
        }
        a.addAll(List.of(extra));
        JsonObject out = FoolscapPython.run(a);
        assertTrue(out.getString("master").equals(role.equals("client-master") ? "client" : "helper"), out.encode());
        return out;
    }
}
