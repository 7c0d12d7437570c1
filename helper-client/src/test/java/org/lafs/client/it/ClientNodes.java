package org.lafs.client.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.lafs.client.ClientConfig;
import org.lafs.client.config.NodeDirectory;

/** Writes client node directories for the tests, as {@code helper-server dev} does. */
final class ClientNodes {
    /** A fixed convergence secret so that every flow (and the helper-as-client) gives one cap. */
    static final String CONVERGENCE = "aaaqeayeaudaocajbifqydiob4ibceqtcqkrmfyydenbwha5dypq\n";

    private ClientNodes() {}

    static Path convergenceFile(Path dir) throws Exception {
        Path f = dir.resolve("convergence");
        Files.createDirectories(dir);
        Files.writeString(f, CONVERGENCE);
        return f;
    }

    /** A node directory using {@code helper} (or direct when null). */
    static Path node(Path dir, TestGrid grid, HelperProcess helper) throws Exception {
        return node(dir, grid.serversYaml(), helper);
    }

    /** A node directory for the grid in {@code serversYaml}, using {@code helper} (or direct when null). */
    static Path node(Path dir, Path serversYaml, HelperProcess helper) throws Exception {
        Files.createDirectories(dir.resolve("private"));
        StringBuilder cfg = new StringBuilder("[node]\nnickname = test\n[client]\nshares.needed = 3\nshares.happy = 7\nshares.total = 10\n");
        if (helper != null) {
            cfg.append("helper.url = ").append(helper.url).append('\n')
                    .append("helper.spki-sha256 = ").append(helper.pin).append('\n');
            Files.writeString(dir.resolve("private/helper-token"), HelperProcess.TOKEN + "\n");
        }
        Files.writeString(dir.resolve("tahoe.cfg"), cfg.toString());
        Files.copy(serversYaml, dir.resolve("private/servers.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("private/convergence"), CONVERGENCE);
        return dir;
    }

    static ClientConfig config(Path node) throws Exception {
        return NodeDirectory.open(node).config(new NodeDirectory.Overrides());
    }
}
