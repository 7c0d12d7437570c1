package org.lafs.client;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lafs.client.download.GbsStorageServer;
import org.lafs.client.download.StorageServer;
import org.lafs.gbs.GbsClient;
import org.lafs.gbs.GbsClientOptions;
import org.lafs.grid.ServerInfo;
import org.lafs.grid.ServersYaml;
import org.lafs.upload.GbsUploadServer;
import org.lafs.upload.UploadServer;

/**
 * The grid of {@code private/servers.yaml}: one pinned GBS client per server with a NURL, on a
 * Vert.x instance owned by this object, plus a worker pool for the direct upload pipeline.
 * Servers without a NURL (Foolscap-only) are skipped. Thread-safe.
 */
final class GridConnection implements GridAccess {
    /** Encoding workers of a direct upload: the cores (hashing and coding are CPU-bound). */
    static final int WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final Vertx vertx;
    private final WorkerExecutor workers;
    private final List<ServerInfo> infos = new ArrayList<>();
    private final List<GbsClient> clients = new ArrayList<>();

    private GridConnection(Vertx vertx, List<ServerInfo> servers, long readTimeoutMillis) {
        this.vertx = vertx;
        this.workers = vertx.createSharedWorkerExecutor("lafs-client-encode", WORKERS);
        GbsClientOptions o = GbsClientOptions.defaults().withResponseTimeoutMs(Math.max(1000, readTimeoutMillis));
        for (ServerInfo s : servers) {
            if (s.nurls().isEmpty() || s.nurl().tor()) {
                continue;
            }
            infos.add(s);
            clients.add(GbsClient.create(vertx, s.nurl(), o));
        }
    }

    static GridConnection open(Path serversYaml, long readTimeoutMillis) throws LafsException {
        if (serversYaml == null) {
            throw new LafsException(LafsException.Kind.BAD_INPUT,
                    "no grid configured: put Tahoe's servers.yaml in <node-dir>/private/servers.yaml");
        }
        List<ServerInfo> servers;
        try {
            servers = ServersYaml.read(serversYaml);
        } catch (IOException e) {
            throw new LafsException(LafsException.Kind.LOCAL_IO, "cannot read " + serversYaml + ": " + e.getClass().getSimpleName());
        } catch (IllegalArgumentException e) {
            throw new LafsException(LafsException.Kind.BAD_INPUT, serversYaml.getFileName() + ": " + e.getMessage());
        }
        if (servers.isEmpty()) {
            throw new LafsException(LafsException.Kind.BAD_INPUT, serversYaml + " names no storage servers");
        }
        return new GridConnection(Vertx.vertx(), servers, readTimeoutMillis);
    }

    Vertx vertx() {
        return vertx;
    }

    WorkerExecutor workers() {
        return workers;
    }

    @Override
    public List<StorageServer> readServers() {
        List<StorageServer> out = new ArrayList<>();
        for (int i = 0; i < infos.size(); i++) {
            out.add(new GbsStorageServer(infos.get(i), clients.get(i)));
        }
        return out;
    }

    List<UploadServer> uploadServers() {
        List<UploadServer> out = new ArrayList<>();
        for (int i = 0; i < infos.size(); i++) {
            out.add(new GbsUploadServer(infos.get(i), clients.get(i)));
        }
        return out;
    }

    @Override
    public void close() {
        clients.forEach(GbsClient::close);
        workers.close();
        vertx.close();
    }
}
