package org.lafs.helper.grid;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lafs.gbs.GbsClient;
import org.lafs.grid.ServerInfo;
import org.lafs.grid.ServersYaml;
import org.lafs.upload.GbsUploadServer;
import org.lafs.upload.UploadServer;

/**
 * The storage servers named by a Tahoe {@code servers.yaml}: one GBS client per server, shared
 * by the grid check and the pipeline.
 *
 * <p>Threading: immutable after construction; thread-safe.
 */
public final class GridConnection implements AutoCloseable {
    private final List<ServerInfo> servers;
    private final Map<String, GbsClient> clients;
    private final List<UploadServer> uploadServers;

    private GridConnection(List<ServerInfo> servers, Map<String, GbsClient> clients, List<UploadServer> uploadServers) {
        this.servers = servers;
        this.clients = clients;
        this.uploadServers = uploadServers;
    }

    public static GridConnection open(Vertx vertx, Path serversYaml) throws IOException {
        return of(vertx, ServersYaml.read(serversYaml));
    }

    public static GridConnection of(Vertx vertx, List<ServerInfo> servers) {
        Map<String, GbsClient> clients = new LinkedHashMap<>();
        List<UploadServer> ups = new ArrayList<>();
        for (ServerInfo s : servers) {
            GbsClient c = GbsClient.create(vertx, s.nurl());
            clients.put(s.serverId(), c);
            ups.add(new GbsUploadServer(s, c));
        }
        return new GridConnection(List.copyOf(servers), clients, List.copyOf(ups));
    }

    public List<ServerInfo> servers() {
        return servers;
    }

    public GbsClient client(String serverId) {
        return clients.get(serverId);
    }

    public List<UploadServer> uploadServers() {
        return uploadServers;
    }

    public Future<Void> closeAsync() {
        List<Future<Void>> all = new ArrayList<>();
        clients.values().forEach(c -> all.add(c.closeAsync()));
        return Future.join(all).mapEmpty();
    }

    @Override
    public void close() {
        clients.values().forEach(GbsClient::close);
    }
}
