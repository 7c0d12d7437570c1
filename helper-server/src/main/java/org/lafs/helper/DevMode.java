package org.lafs.helper;

import java.nio.file.Path;

/** {@code helper-server dev}: local grid + helper + client node directory (needs the grid module). */
final class DevMode {
    private DevMode() {}

    static void run(Path dir, Path servers) throws Exception {
        throw new IllegalArgumentException("dev mode is not available yet");
    }
}
