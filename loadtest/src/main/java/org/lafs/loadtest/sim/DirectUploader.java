package org.lafs.loadtest.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.lafs.chk.EncodingParameters;
import org.lafs.gbs.GbsClient;
import org.lafs.gbs.LeaseSecrets;
import org.lafs.grid.ServerInfo;
import org.lafs.upload.CiphertextSource;
import org.lafs.upload.GbsUploadServer;
import org.lafs.upload.MemoryUploadJournal;
import org.lafs.upload.UploadListener;
import org.lafs.upload.UploadOptions;
import org.lafs.upload.UploadPipeline;
import org.lafs.upload.UploadRequest;
import org.lafs.upload.UploadResult;
import org.lafs.upload.UploadServer;

/**
 * A client's direct upload: the real {@link UploadPipeline} (select, encode, push all n shares,
 * finish) run in the loadtest process on stand-in ciphertext. Pointed at proxies sharing one
 * token bucket it is a direct uploader on a slow uplink.
 */
public final class DirectUploader implements AutoCloseable {
    private final WorkerExecutor workers;
    private final UploadPipeline pipeline;
    private final List<UploadServer> servers = new ArrayList<>();
    private final List<GbsClient> clients = new ArrayList<>();
    private final LeaseSecrets leases;

    public DirectUploader(Vertx vertx, List<ServerInfo> grid, int window) {
        this(vertx, grid, UploadOptions.DEFAULTS.withWindowBytes(window));
    }

    public DirectUploader(Vertx vertx, List<ServerInfo> grid, UploadOptions options) {
        this.workers = vertx.createSharedWorkerExecutor("loadtest-direct-encode", 2);
        this.pipeline = new UploadPipeline(vertx, workers, options);
        for (ServerInfo s : grid) {
            GbsClient c = GbsClient.create(vertx, s.nurl());
            clients.add(c);
            servers.add(new GbsUploadServer(s, c));
        }
        byte[] secret = new byte[32];
        ThreadLocalRandom.current().nextBytes(secret);
        this.leases = new LeaseSecrets(secret);
    }

    /** Uploads {@code size} bytes of stand-in ciphertext under a random storage index. */
    public Future<UploadResult> upload(long size, int k, int happy, int n) {
        byte[] si = new byte[16];
        ThreadLocalRandom.current().nextBytes(si);
        CiphertextSource src = new CiphertextSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public Future<Buffer> read(long offset, int length) {
                return Future.succeededFuture(Ciphertext.slice(offset, length));
            }
        };
        return pipeline.upload(new UploadRequest(si, new EncodingParameters(k, happy, n, 131072), src, servers, leases,
                new MemoryUploadJournal(), UploadListener.NONE));
    }

    @Override
    public void close() {
        clients.forEach(GbsClient::close);
        workers.close();
    }
}
