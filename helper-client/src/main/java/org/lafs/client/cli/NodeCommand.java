package org.lafs.client.cli;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.lafs.client.ClientConfig;
import org.lafs.client.LafsClient;
import org.lafs.client.config.NodeDirectory;
import org.lafs.client.node.LocalNode;

/**
 * {@code node [--port 3456] [--listen 127.0.0.1]}: serves Tahoe's web-API subset for immutable
 * files until killed. Writes the URL to {@code <node-dir>/node.url} as Tahoe does.
 */
final class NodeCommand implements Command {
    @Override
    public String name() {
        return "node";
    }

    @Override
    public String summary() {
        return "serve Tahoe's web-API subset (PUT /uri, GET /uri/$CAP, ...) on a loopback port";
    }

    @Override
    public String usage() {
        return "usage: helper-client node [--port P] [--listen ADDR] [options]\n"
                + "  --port P            TCP port (default [node] web.port, else 3456; 0 picks a free one)\n"
                + "  --listen ADDR       (alias --host, as in storage-server) address to bind (default 127.0.0.1; the API has no authentication)\n"
                + "  --allow-remote      accept a non-loopback --listen address (anyone who reaches it can upload)\n"
                + NodeOptions.USAGE;
    }

    @Override
    public int run(List<String> argList, CliContext ctx) throws CliException {
        Args a = Args.parse(argList, NodeOptions.plus("--port", "--listen|--host"), NodeOptions.flagsPlus("--allow-remote"));
        if (!a.positional().isEmpty()) {
            throw CliException.usage("node takes no positional arguments");
        }
        NodeDirectory dir = NodeOptions.nodeDir(a, ctx);
        int port;
        try {
            port = a.intOption("--port", dir.webPort(), 0, 65535);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(Main.oneLine(e.getMessage()));
        }
        String host = a.option("--listen") == null ? "127.0.0.1" : a.option("--listen");
        if (!LocalNode.isLoopback(host)) {
            if (!a.flag("--allow-remote")) {
                throw CliException.usage("refusing to listen on " + host + ": the local node has no authentication, so anyone"
                        + " who can reach it could upload through it with your convergence secret and helper token;"
                        + " listen on 127.0.0.1 (or put an authenticating proxy in front and pass --allow-remote)");
            }
            ctx.err().println("warning: listening on " + host + " without authentication: anyone who can reach it can upload"
                    + " through this node (with your secret and helper token) and read any file whose cap they know");
        }
        ClientConfig config = NodeOptions.config(a, ctx);
        Vertx vertx = Vertx.vertx();
        LafsClient client = new LafsClient(config);
        LocalNode node;
        try {
            node = LocalNode.start(vertx, client, host, port).await();
        } catch (Exception e) {
            vertx.close();
            throw CliException.failure("cannot listen on " + host + ":" + port + ": " + Main.oneLine(String.valueOf(e.getMessage())));
        }
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + node.port() + "/";
        try {
            Files.writeString(config.stateDir().resolve("node.url"), url + "\n", StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            ctx.err().println("warning: cannot write node.url: " + e.getClass().getSimpleName());
        }
        ctx.out().println("listening on " + url);
        ctx.out().flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            client.close();
            vertx.close();
            stop.countDown();
        }, "node-shutdown"));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
