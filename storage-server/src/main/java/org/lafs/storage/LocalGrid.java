package org.lafs.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lafs.grid.ServerInfo;
import org.lafs.grid.ServersYaml;

/**
 * N storage nodes in one process on loopback, for development and tests. Nodes live in
 * {@code <dir>/node-<i>} (identities persist across runs; ports are new each time) and the
 * grid writes {@code <dir>/servers.yaml} in Tahoe's format.
 *
 * <pre>
 * LocalGrid.start(vertx, dir, 10).onSuccess(grid -> use(grid.serversYaml()));
 * </pre>
 */
public final class LocalGrid {
    private final Path dir;
    private final List<StorageNode> nodes;
    private final Path serversYaml;

    private LocalGrid(Path dir, List<StorageNode> nodes, Path serversYaml) {
        this.dir = dir;
        this.nodes = List.copyOf(nodes);
        this.serversYaml = serversYaml;
    }

    /** Starts {@code count} nodes on 127.0.0.1 with default settings. */
    public static Future<LocalGrid> start(Vertx vertx, Path dir, int count) {
        return start(vertx, dir, count, "127.0.0.1");
    }

    public static Future<LocalGrid> start(Vertx vertx, Path dir, int count, String host) {
        return start(vertx, dir, count, i -> NodeConfig.of(dir.resolve("node-" + i)).withHost(host).withNickname("node-" + i));
    }

    /** Starts {@code count} nodes configured by {@code configFor(i)}. */
    public static Future<LocalGrid> start(Vertx vertx, Path dir, int count, java.util.function.IntFunction<NodeConfig> configFor) {
        if (count < 1 || count > 256) {
            return Future.failedFuture(new IllegalArgumentException("node count must be 1..256"));
        }
        List<Future<StorageNode>> starting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            starting.add(StorageNode.start(vertx, configFor.apply(i)));
        }
        return Future.join(starting).transform(ar -> {
            List<StorageNode> started = new ArrayList<>();
            for (Future<StorageNode> f : starting) {
                if (f.succeeded()) {
                    started.add(f.result());
                }
            }
            if (ar.failed()) {
                return Future.join(started.stream().map(StorageNode::close).toList())
                        .transform(x -> Future.failedFuture(ar.cause()));
            }
            Path yaml = dir.resolve("servers.yaml");
            List<ServerInfo> infos = started.stream().map(StorageNode::serverInfo).toList();
            return vertx.executeBlocking(() -> {
                ServersYaml.write(yaml, infos);
                return new LocalGrid(dir, started, yaml);
            }, false);
        });
    }

    public List<StorageNode> nodes() {
        return nodes;
    }

    public StorageNode node(int i) {
        return nodes.get(i);
    }

    /** Announcements of all nodes, in start order. */
    public List<ServerInfo> servers() {
        return nodes.stream().map(StorageNode::serverInfo).toList();
    }

    /** Path of the servers.yaml written for this grid. */
    public Path serversYaml() {
        return serversYaml;
    }

    public Path dir() {
        return dir;
    }

    /** Stops every node. */
    public Future<Void> close() {
        return Future.join(nodes.stream().map(StorageNode::close).toList()).mapEmpty();
    }
}
