package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.helper.upload.GridProbe;

/**
 * A helper with its Foolscap listener on an ephemeral port and no grid (it ingests only), fresh
 * for every test, with the TubID and swissnum a raw client needs. After each test no connection
 * and no file handle may be left.
 */
abstract class FoolscapListenerFixture {
    @TempDir
    Path dir;
    Vertx vertx;
    Helper helper;
    int port;
    String tubId;
    String swissnum;

    /** The test class's Foolscap settings, beside {@code enabled} and port 0. */
    abstract void configure(Map<String, String> config);

    /** Checks a test class makes after the connections closed and before the helper stops. */
    void checkBeforeStop() throws Exception {
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Map<String, String> c = TestHelpers.baseConfig(dir.resolve("helper"));
        c.put("foolscap.enabled", "true");
        c.put("foolscap.listen.port", "0");
        configure(c);
        helper = Helper.start(vertx, TestHelpers.config(c), GridProbe.NONE, null).await();
        port = helper.foolscap().port();
        tubId = helper.foolscap().tubId();
        String furl = helper.foolscap().furl().uri();
        swissnum = furl.substring(furl.lastIndexOf('/') + 1);
    }

    @AfterEach
    void stop() throws Exception {
        TestHelpers.waitFor("connections closed", () -> helper.foolscap().connectionCount() == 0);
        checkBeforeStop();
        helper.stop().await();
        vertx.close().await();
        assertEquals(List.of(), TusHelperFixture.openFilesUnder(dir), "file descriptors left open");
    }
}
