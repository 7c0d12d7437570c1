package org.lafs.client.it;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.lafs.client.LafsClient;
import org.lafs.client.node.LocalNode;

/**
 * The local node on an ephemeral loopback port with its own client and Vert.x, as the tests
 * that drive it over HTTP start it; closing stops the node, then Vert.x, then the client.
 */
final class RunningNode implements AutoCloseable {
    private final Vertx vertx;
    private final LafsClient client;
    private final LocalNode node;

    private RunningNode(Vertx vertx, LafsClient client, LocalNode node) {
        this.vertx = vertx;
        this.client = client;
        this.node = node;
    }

    /** Starts the node whose configuration is in {@code nodeDir}. */
    static RunningNode start(Path nodeDir) throws Exception {
        LafsClient client = new LafsClient(ClientNodes.config(nodeDir));
        Vertx vertx = Vertx.vertx();
        return new RunningNode(vertx, client, LocalNode.start(vertx, client, "127.0.0.1", 0).await());
    }

    int port() {
        return node.port();
    }

    /** The node's web-API root, {@code http://127.0.0.1:PORT}. */
    String base() {
        return "http://127.0.0.1:" + node.port();
    }

    @Override
    public void close() throws Exception {
        node.close().await();
        vertx.close().await();
        client.close();
    }
}
