package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A helper on real files and RocksDB with token alice, fresh for every test. After each test it
 * checks that the helper closed its RocksDB handles and left no file open in its directory.
 */
abstract class TusHelperFixture {
    @TempDir
    Path dir;
    Vertx vertx;
    Helper helper;
    TusClient alice;

    @BeforeEach
    void startHelper() throws Exception {
        vertx = Vertx.vertx();
        helper = TestHelpers.start(vertx, TestHelpers.config(TestHelpers.baseConfig(dir)));
        alice = new TusClient(helper.url(), TestHelpers.ALICE, null);
    }

    @AfterEach
    void stopHelper() throws Exception {
        if (helper != null) {
            helper.stop().await();
            assertTrue(helper.service().store().isClosed(), "RocksDB handles closed");
        }
        vertx.close().await();
        assertEquals(List.of(), openFilesUnder(dir), "file descriptors left open");
    }

    /** Files under {@code root} this JVM still has open (Linux /proc). */
    static List<String> openFilesUnder(Path root) throws java.io.IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return List.of();
        }
        List<String> open = new ArrayList<>();
        try (var s = Files.list(fds)) {
            for (Path fd : s.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(root.toRealPath())) {
                        open.add(target.toString());
                    }
                } catch (java.io.IOException ignored) {
                    // closed meanwhile
                }
            }
        }
        return open;
    }
}
