package org.lafs.storage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.lafs.gbs.Nurl;
import org.lafs.grid.ServerInfo;
import org.lafs.storage.disk.ShareStore;
import org.lafs.storage.http.GbsRequestHandler;

/**
 * One running GBS storage node: HTTPS (TLS 1.2/1.3) with its self-signed certificate, serving
 * immutable shares from {@code <dir>/storage}. Start with {@link #start(Vertx, NodeConfig)};
 * on start it writes its NURL to {@code <dir>/storage.nurl} and its FURL to
 * {@code <dir>/storage.furl}.
 *
 * <p>Threading: the node is a verticle with its own event loop; the share store runs on one
 * ordered worker lane per node. Public methods are thread-safe.
 */
public final class StorageNode {
    private final Vertx vertx;
    private final NodeConfig config;
    private final NodeIdentity identity;
    private final NodeStats stats = new NodeStats();
    private volatile GbsRequestHandler handler;
    private volatile int port;
    private volatile String deploymentId;

    private StorageNode(Vertx vertx, NodeConfig config, NodeIdentity identity) {
        this.vertx = vertx;
        this.config = config;
        this.identity = identity;
    }

    /** Starts a node; the Future fails with a readable message when the port or directory is unusable. */
    public static Future<StorageNode> start(Vertx vertx, NodeConfig config) {
        return vertx.<NodeIdentity>executeBlocking(() -> {
            Files.createDirectories(config.dir());
            return NodeIdentity.loadOrCreate(config.dir());
        }, false).compose(id -> {
            StorageNode node = new StorageNode(vertx, config, id);
            return vertx.deployVerticle(node.new NodeVerticle()).map(depId -> {
                node.deploymentId = depId;
                return node;
            });
        }).compose(node -> vertx.executeBlocking(() -> {
            // both name the swissnum, which is the storage capability: owner-only
            org.lafs.fs.PrivateFiles.write(config.dir().resolve("storage.nurl"), node.nurl().format() + "\n");
            org.lafs.fs.PrivateFiles.write(config.dir().resolve("storage.furl"), node.furl() + "\n");
            return node;
        }, false));
    }

    private final class NodeVerticle extends VerticleBase {
        private WorkerExecutor lane;
        private ShareStore store;
        private HttpServer server;
        private long sweepTimer = -1;

        @Override
        public Future<?> start() {
            lane = vertx.createSharedWorkerExecutor("storage-lane-" + System.identityHashCode(this), 1);
            LongSupplier clock = System::currentTimeMillis;
            return lane.<ShareStore>executeBlocking(() -> new ShareStore(config.dir().resolve("storage"),
                    config.reservedSpace(), clock.getAsLong()), true).compose(s -> {
                store = s;
                handler = new GbsRequestHandler(vertx, lane, store, config, stats.counters(), identity.swissnum(), clock);
                HttpServerOptions o = org.lafs.net.HttpGuard.tune(new HttpServerOptions())
                        .setSsl(true)
                        .setSslEngineOptions(org.lafs.net.TlsEngine.options())
                        .setKeyCertOptions(new PemKeyCertOptions()
                                .setCertValue(Buffer.buffer(identity.certificatePem()))
                                .setKeyValue(Buffer.buffer(identity.privateKeyPem())))
                        .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
                        .setHost(config.host())
                        .setPort(config.port())
                        .setIdleTimeout(300)
                        .setMaxHeaderSize(16384);
                server = org.lafs.net.HttpGuard.install(vertx.createHttpServer(o), handler);
                return server.listen();
            }).map(srv -> {
                port = srv.actualPort();
                long idleMs = config.uploadIdleTimeout().toMillis();
                long period = Math.max(10, Math.min(60_000, idleMs / 4));
                sweepTimer = vertx.setPeriodic(period, id -> lane.executeBlocking(() -> {
                    store.abortIdle(clock.getAsLong(), idleMs);
                    if (config.leaseExpiry()) {
                        store.collectExpired(clock.getAsLong());
                    }
                    return null;
                }, true));
                return srv;
            });
        }

        @Override
        public Future<?> stop() {
            if (sweepTimer >= 0) {
                vertx.cancelTimer(sweepTimer);
            }
            Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
            return closed.eventually(() -> store == null ? Future.succeededFuture()
                    : lane.executeBlocking(() -> {
                        store.close();
                        return null;
                    }, true)).eventually(() -> lane.close());
        }
    }

    /** The node's NURL with the actual port. */
    public Nurl nurl() {
        return new Nurl(identity.spkiHash(), config.effectiveAnnounceHost(), port, identity.swissnum(), false);
    }

    /** A Foolscap-style FURL carrying the tub id (the lease seed); Foolscap itself is not served. */
    public String furl() {
        String host = config.effectiveAnnounceHost();
        return "pb://" + identity.tubId() + "@tcp:" + host + ":" + port + "/" + identity.swissnum();
    }

    /** The announcement as it goes into servers.yaml. */
    public ServerInfo serverInfo() {
        return new ServerInfo(identity.serverId(), config.nickname(), furl(), List.of(nurl()), identity.permutationSeedBase32());
    }

    public String serverId() {
        return identity.serverId();
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return config.dir();
    }

    public NodeStats stats() {
        return stats;
    }

    /** Installs a fault policy for the following requests ({@link FaultPolicy#NONE} to heal). */
    public void faultPolicy(FaultPolicy policy) {
        GbsRequestHandler h = handler;
        if (h != null) {
            h.faultPolicy(policy);
        }
    }

    /** Stops listening, closes open uploads (their state stays on disk) and frees the port. */
    public Future<Void> close() {
        String id = deploymentId;
        if (id == null) {
            return Future.succeededFuture();
        }
        deploymentId = null;
        Promise<Void> p = Promise.promise();
        vertx.undeploy(id).onComplete(p);
        return p.future();
    }

    @Override
    public String toString() {
        return "StorageNode[" + identity.serverId() + " port " + port + "]";
    }
}
