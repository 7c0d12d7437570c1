package org.lafs.helper;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.gbs.LeaseSecrets;

/**
 * A helper (state in {@code dir/helper}) over a real 10-node local grid ({@code dir/grid}), with
 * token alice's client, fresh for every test: the setup the end-to-end tests share.
 */
abstract class GridHelperFixture {
    @TempDir
    Path dir;
    Vertx vertx;
    GridFixture grid;
    Helper helper;
    TusClient alice;

    /** Changes the helper's configuration before it starts; the base configuration by default. */
    void configure(Map<String, String> config) {
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        grid = new GridFixture(vertx, dir.resolve("grid"));
        Map<String, String> c = TestHelpers.baseConfig(dir.resolve("helper"));
        configure(c);
        helper = HelperWiring.start(vertx, TestHelpers.config(c), grid.conn, LeaseSecrets.random()).await();
        alice = new TusClient(helper.url(), TestHelpers.ALICE, null);
    }

    @AfterEach
    void stop() throws Exception {
        helper.stop().await();
        grid.close();
        vertx.close().await();
    }
}
