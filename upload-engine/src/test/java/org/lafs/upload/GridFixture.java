package org.lafs.upload;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.encode.ChkEncodeResult;
import org.lafs.chk.encode.ChkEncoder;
import org.lafs.gbs.GbsClient;
import org.lafs.gbs.LeaseSecrets;
import java.util.function.IntFunction;
import org.lafs.storage.LocalGrid;
import org.lafs.storage.NodeConfig;
import org.lafs.storage.StorageNode;

/**
 * A real local grid (HTTPS storage nodes on loopback, port 0) plus GBS clients and an encoding
 * pool, for the pipeline's integration tests. One per test; close it.
 */
final class GridFixture implements AutoCloseable {
    final Vertx vertx;
    final WorkerExecutor workers;
    final LocalGrid grid;
    final List<GbsClient> clients = new ArrayList<>();
    final List<UploadServer> servers = new ArrayList<>();
    final LeaseSecrets leases = new LeaseSecrets(new byte[32]);

    private GridFixture(Vertx vertx, LocalGrid grid) {
        this.vertx = vertx;
        this.grid = grid;
        this.workers = vertx.createSharedWorkerExecutor("upload-encode-test", 2);
        for (StorageNode node : grid.nodes()) {
            GbsClient c = GbsClient.create(vertx, node.nurl());
            clients.add(c);
            servers.add(new GbsUploadServer(node.serverInfo(), c));
        }
    }

    static GridFixture start(Path dir, int nodes) {
        return startWith(dir, nodes, i -> NodeConfig.of(dir.resolve("node-" + i)).withNickname("node-" + i));
    }

    static GridFixture startWith(Path dir, int nodes, IntFunction<NodeConfig> config) {
        return startWith(Vertx.vertx(), dir, nodes, config);
    }

    /** On a Vert.x instance of the caller's (closed with the fixture). */
    static GridFixture startWith(Vertx vertx, Path dir, int nodes, IntFunction<NodeConfig> config) {
        try {
            return new GridFixture(vertx, LocalGrid.start(vertx, dir, nodes, config).await());
        } catch (RuntimeException e) {
            vertx.close().await();
            throw e;
        }
    }

    UploadPipeline pipeline(UploadOptions options) {
        return new UploadPipeline(vertx, workers, options);
    }

    UploadRequest request(byte[] si, EncodingParameters p, CiphertextSource source, UploadJournal journal) {
        return new UploadRequest(si, p, source, servers, leases, journal, UploadListener.NONE);
    }

    /** Index of the node with this server id. */
    int node(String serverId) {
        for (int i = 0; i < grid.nodes().size(); i++) {
            if (grid.node(i).serverId().equals(serverId)) {
                return i;
            }
        }
        throw new IllegalArgumentException(serverId);
    }

    /**
     * Reads share {@code share} from node {@code i}, in 64 KiB ranges (one-request reads of a
     * few hundred KiB came back short now and then under load; see the report to the grid owner).
     */
    byte[] readShare(int i, byte[] si, int share, int length) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(length);
        while (out.size() < length) {
            byte[] piece = clients.get(i).read(si, share, out.size(), Math.min(65536, length - out.size())).await().getBytes();
            if (piece.length == 0) {
                break;
            }
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    long bytesWritten() {
        long sum = 0;
        for (StorageNode n : grid.nodes()) {
            sum += n.stats().bytesWritten();
        }
        return sum;
    }

    @Override
    public void close() {
        for (GbsClient c : clients) {
            c.close();
        }
        grid.close().await();
        workers.close().await();
        vertx.close().await();
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] si(long seed) {
        return random(16, seed ^ 0x5151);
    }

    /** Ciphertext held in memory. */
    static CiphertextSource source(byte[] data) {
        return new CiphertextSource() {
            @Override
            public long size() {
                return data.length;
            }

            @Override
            public Future<Buffer> read(long offset, int length) {
                return Future.succeededFuture(Buffer.buffer(Arrays.copyOfRange(data, (int) offset, (int) offset + length)));
            }
        };
    }

    /** Offline encoding of the same ciphertext: UEB hash and every share's bytes. */
    record Offline(ChkEncodeResult result, Map<Integer, byte[]> shares) {}

    static Offline offline(byte[] data, EncodingParameters p) {
        Map<Integer, ByteArrayOutputStream> out = new HashMap<>();
        try {
            ChkEncodeResult r = ChkEncoder.encode(new ByteArrayInputStream(data), p.geometry(data.length),
                    (sh, off, d, a, l) -> out.computeIfAbsent(sh, x -> new ByteArrayOutputStream()).write(d, a, l));
            Map<Integer, byte[]> shares = new HashMap<>();
            out.forEach((k, v) -> shares.put(k, v.toByteArray()));
            return new Offline(r, shares);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
