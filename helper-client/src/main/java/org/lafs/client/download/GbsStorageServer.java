package org.lafs.client.download;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Set;
import org.lafs.gbs.GbsClient;
import org.lafs.grid.ServerInfo;

/** {@link StorageServer} over the GBS HTTPS client of one announced server. Thread-safe. */
public final class GbsStorageServer implements StorageServer {
    private final ServerInfo info;
    private final GbsClient client;

    public GbsStorageServer(ServerInfo info, GbsClient client) {
        this.info = info;
        this.client = client;
    }

    @Override
    public String serverId() {
        return info.serverId();
    }

    @Override
    public byte[] permutationSeed() {
        return info.permutationSeed();
    }

    @Override
    public Future<Set<Integer>> listShares(byte[] storageIndex) {
        return client.listShares(storageIndex);
    }

    @Override
    public Future<Buffer> read(byte[] storageIndex, int shnum, long offset, int length) {
        return client.read(storageIndex, shnum, offset, length);
    }

    @Override
    public Future<Void> adviseCorrupt(byte[] storageIndex, int shnum, String reason) {
        String r = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        return client.adviseCorrupt(storageIndex, shnum, r.isEmpty() ? "corrupt" : r);
    }

    @Override
    public String toString() {
        return "GbsStorageServer[" + info.serverId() + "]";
    }
}
