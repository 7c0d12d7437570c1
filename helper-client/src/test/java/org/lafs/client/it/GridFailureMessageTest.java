package org.lafs.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.client.LafsClient;
import org.lafs.client.LafsException;
import org.lafs.client.ProgressListener;

/**
 * When the helper cannot store a file, the client says why in the helper's words (issue 13: it
 * said "410 http-410"). A grid of 3 servers cannot hold 3-of-10 with happiness 7.
 */
@Timeout(180)
class GridFailureMessageTest {
    @TempDir
    Path dir;

    @Test
    void theClientPrintsTheHelpersReason() throws Exception {
        try (TestGrid grid = TestGrid.start(dir.resolve("grid"), 3);
             HelperProcess helper = HelperProcess.start(dir.resolve("helper"), grid.serversYaml(),
                     ClientNodes.convergenceFile(dir.resolve("conv")));
             LafsClient client = new LafsClient(ClientNodes.config(ClientNodes.node(dir.resolve("node"), grid, helper)))) {
            for (int size : new int[] {200_000, 3_000_000}) {
                byte[] plain = new byte[size];
                new Random(size).nextBytes(plain);
                Path f = dir.resolve("f" + size);
                Files.write(f, plain);
                LafsException e = assertThrows(LafsException.class, () -> client.upload(f, ProgressListener.NONE));
                assertEquals(LafsException.Kind.REMOTE, e.kind(), e.getMessage());
                assertTrue(e.getMessage().contains("only 3 of the 7 servers needed are reachable"), e.getMessage());
                assertTrue(e.getMessage().contains("placement-failed"), e.getMessage());
                assertFalse(e.getMessage().contains("http-410"), e.getMessage());
            }
        }
    }
}
