package org.lafs.upload;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Set;
import org.lafs.gbs.WriteResult;
import org.lafs.gbs.GbsClient;
import org.lafs.grid.ServerInfo;
import org.lafs.placement.PermutationSeed;
import org.lafs.placement.RankedServer;

/**
 * {@link UploadServer} over the GBS HTTPS client: one announced server and its client.
 * Thread-safe (the client is). The caller owns and closes the client.
 */
public final class GbsUploadServer implements UploadServer {
    private final ServerInfo info;
    private final GbsClient client;
    private final RankedServer ranking;

    /**
     * @param preferred whether the server is in {@code [client] peers.preferred}
     */
    public GbsUploadServer(ServerInfo info, GbsClient client, boolean preferred) {
        this.info = info;
        this.client = client;
        this.ranking = new RankedServer(info.serverId(), PermutationSeed.of(info.serverId(), info.permutationSeedBase32()), preferred);
    }

    public GbsUploadServer(ServerInfo info, GbsClient client) {
        this(info, client, false);
    }

    private GbsUploadServer(GbsUploadServer of, GbsClient client) {
        this.info = of.info;
        this.client = client;
        this.ranking = of.ranking;
    }

    /** The same server through {@link GbsClient#lane(int)}. */
    @Override
    public UploadServer lane(int lane) {
        return new GbsUploadServer(this, client.lane(lane));
    }

    @Override
    public String serverId() {
        return info.serverId();
    }

    @Override
    public RankedServer ranking() {
        return ranking;
    }

    @Override
    public byte[] leaseSeed() {
        return info.leaseSeed();
    }

    @Override
    public Future<Long> maximumImmutableShareSize() {
        return client.version().map(v -> v.maximumImmutableShareSize());
    }

    @Override
    public Future<Set<Integer>> listShares(byte[] storageIndex) {
        return client.listShares(storageIndex);
    }

    @Override
    public Future<Allocation> allocate(byte[] storageIndex, byte[] renewSecret, byte[] cancelSecret, byte[] uploadSecret,
                                       Set<Integer> shares, long allocatedSize) {
        return client.allocate(storageIndex, renewSecret, cancelSecret, uploadSecret, shares, allocatedSize)
                .map(r -> new Allocation(r.alreadyHave(), r.allocated()));
    }

    @Override
    public Future<WriteResult> write(byte[] storageIndex, int share, byte[] uploadSecret, long offset, Buffer data) {
        try {
            return client.write(storageIndex, share, uploadSecret, offset, data);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<Buffer> read(byte[] storageIndex, int share, long offset, int length) {
        try {
            return client.read(storageIndex, share, offset, length);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<Void> abort(byte[] storageIndex, int share, byte[] uploadSecret) {
        return client.abort(storageIndex, share, uploadSecret);
    }

    @Override
    public String toString() {
        return "GbsUploadServer[" + info.serverId() + "]";
    }
}
