package org.lafs.loadtest.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.lafs.grid.ServerInfo;
import org.lafs.grid.ServersYaml;

/**
 * {@code storage-server grid --count N --dir DIR} as a separate JVM ({@code org.lafs.storage.Main}
 * on our class path). Ready once it printed where servers.yaml went.
 */
public final class GridProcess implements AutoCloseable {
    private final Child child;
    private final List<ServerInfo> servers;
    private final Path serversYaml;

    private GridProcess(Child child, Path serversYaml, List<ServerInfo> servers) {
        this.child = child;
        this.serversYaml = serversYaml;
        this.servers = servers;
    }

    public static GridProcess start(Path dir, int count, String heap) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Child c = Child.startJava("grid", List.of("-Xmx" + heap, "-XX:+UseParallelGC"), "org.lafs.storage.Main",
                List.of("grid", "--count", Integer.toString(count), "--dir", dir.toString()), dir.resolve("grid.log"));
        try {
            c.awaitLine(l -> l.startsWith("servers.yaml written to"), Duration.ofSeconds(120));
            Path yaml = dir.resolve("servers.yaml");
            return new GridProcess(c, yaml, ServersYaml.read(yaml));
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public List<ServerInfo> servers() {
        return servers;
    }

    public Path serversYaml() {
        return serversYaml;
    }

    public long pid() {
        return child.pid();
    }

    @Override
    public void close() {
        child.close();
    }
}
