package org.lafs.client.it;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.lafs.format.Base32;
import org.lafs.storage.LocalGrid;

/** A real 10-node storage grid on loopback (TLS, pinned), with access to the share files on disk. */
final class TestGrid implements AutoCloseable {
    final Vertx vertx;
    final LocalGrid grid;

    private TestGrid(Vertx vertx, LocalGrid grid) {
        this.vertx = vertx;
        this.grid = grid;
    }

    static TestGrid start(Path dir) throws Exception {
        return start(dir, 10);
    }

    static TestGrid start(Path dir, int nodes) throws Exception {
        Vertx vertx = Vertx.vertx();
        return new TestGrid(vertx, LocalGrid.start(vertx, dir, nodes).await());
    }

    Path serversYaml() {
        return grid.serversYaml();
    }

    /** Complete share files of {@code si} on all nodes ({@code .../shares/<ab>/<si>/<shnum>}). */
    List<Path> shareFiles(byte[] si) throws IOException {
        String s = Base32.encode(si);
        List<Path> out = new ArrayList<>();
        for (var node : grid.nodes()) {
            try (Stream<Path> files = Files.walk(node.dir())) {
                files.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals(s)
                                && !p.toString().contains("incoming") && p.getFileName().toString().matches("[0-9]+"))
                        .forEach(out::add);
            }
        }
        return out;
    }

    /** The file of share {@code shnum} of {@code si} on the node whose server id is {@code serverId}. */
    Path shareFile(byte[] si, String serverId, int shnum) throws IOException {
        String s = Base32.encode(si);
        for (var node : grid.nodes()) {
            if (!node.serverId().equals(serverId)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(node.dir())) {
                return files.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals(s)
                                && !p.toString().contains("incoming") && p.getFileName().toString().equals(Integer.toString(shnum)))
                        .findFirst().orElseThrow();
            }
        }
        throw new IllegalArgumentException("no node " + serverId);
    }

    /** Corruption advisories written by all nodes. */
    long advisories() throws IOException {
        long n = 0;
        for (var node : grid.nodes()) {
            try (Stream<Path> files = Files.walk(node.dir())) {
                n += files.filter(p -> p.getParent() != null
                        && p.getParent().getFileName().toString().equals("corruption-advisories")).count();
            }
        }
        return n;
    }

    @Override
    public void close() throws Exception {
        grid.close().await();
        vertx.close().await();
    }
}
