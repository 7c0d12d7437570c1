package org.lafs.helper.foolscap;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lafs.helper.config.FoolscapConfig;
import org.lafs.helper.foolscap.banana.Decoder;
import org.lafs.helper.foolscap.negotiation.Furl;
import org.lafs.helper.foolscap.pb.Broker;
import org.lafs.log.Log;
import org.lafs.helper.metrics.HelperEvents;
import org.lafs.helper.upload.UploadService;
import org.lafs.net.TlsEngine;
import org.lafs.net.TrustManagerOptions;

/**
 * The Foolscap listener: a Vert.x TCP server whose connections start in plaintext and upgrade to
 * TLS ({@link FoolscapConnection}), the tub identity and FURL, the connection table and the
 * {@link FoolscapUploads} every connection's helper object feeds. Started and stopped with the
 * helper ({@code org.lafs.helper.Helper}).
 *
 * <p>Threading: thread-safe; {@link #start} and {@link #stop} return futures.
 */
public final class FoolscapServer {
    /**
     * Longest STRING we accept. Stock clients send ciphertext in pieces of at most 51200 bytes
     * (spec 5.3) and nothing else near it; 1 MiB is the spec's suggested bound (3.6).
     */
    static final int MAX_STRING = 1 << 20;
    /** Deepest nesting in one message (spec 3.6); Tahoe's results nest 4 deep. */
    static final int MAX_DEPTH = 64;
    /**
     * Tokens in one message: a 4 MiB read answer is 82 pieces, Tahoe's results about 150 tokens;
     * 4096 bounds the objects a hostile message of small tokens can make us allocate.
     */
    static final int MAX_TOKENS = 4096;
    /** Slack above the read size for a message's framing (spec 3.6: read length + 64 KiB). */
    static final int MESSAGE_SLACK = 64 << 10;
    /**
     * Per-connection PB bounds: a stock client has a handful of calls in flight (bootstrap,
     * upload_chk, upload per file), one reader per upload; we call it one at a time.
     */
    static final Broker.Limits BROKER_LIMITS = new Broker.Limits(64, 64, 64, 16);

    private final Vertx vertx;
    private final FoolscapConfig config;
    private final TubIdentity identity;
    private final FoolscapUploads uploads;
    private final HelperEvents events;
    private final ConnectionTable table;
    private final ServerSSLOptions ssl;
    private final Decoder.Limits decoderLimits;
    /** foolscap: 16 random hex characters naming this process lifetime (Hello {@code my-incarnation}). */
    private final String incarnation;
    private final Set<FoolscapConnection> connections = ConcurrentHashMap.newKeySet();
    private NetServer server;
    private Furl furl;

    private FoolscapServer(Vertx vertx, FoolscapConfig config, TubIdentity identity, UploadService service, HelperEvents events) {
        this.vertx = vertx;
        this.config = config;
        this.identity = identity;
        this.events = events;
        this.uploads = new FoolscapUploads(vertx, service, config, events);
        this.table = new ConnectionTable(config.maxConnections(), config.maxConnectionsPerAddress());
        this.decoderLimits = new Decoder.Limits(MAX_STRING, MAX_DEPTH, MAX_TOKENS, (long) config.readSize() + MESSAGE_SLACK);
        byte[] inc = new byte[8];
        new SecureRandom().nextBytes(inc);
        this.incarnation = HexFormat.of().formatHex(inc);
        // TLS 1.2 and 1.3 (spec 1.4); the client's certificate is required and checked after
        // the handshake, by its Hello (spec 2.4)
        this.ssl = new ServerSSLOptions()
                .setKeyCertOptions(new PemKeyCertOptions().setCertValue(Buffer.buffer(identity.certificatePem()))
                        .setKeyValue(Buffer.buffer(identity.keyPem())))
                .setTrustOptions(new TrustManagerOptions(AnyClientCertificate::new))
                .setClientAuth(ClientAuth.REQUIRED)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
    }

    /**
     * Loads or creates the tub identity (on a worker), listens, and writes the FURL file.
     *
     * @param stateDir the helper's state directory (the identity's default home)
     */
    public static Future<FoolscapServer> start(Vertx vertx, FoolscapConfig config, Path stateDir, UploadService service,
            HelperEvents events) {
        return vertx.executeBlocking(() -> TubIdentity.load(config, stateDir), false).compose(id -> {
            FoolscapServer s = new FoolscapServer(vertx, config, id, service, events);
            return s.listen().map(s);
        });
    }

    private Future<Void> listen() {
        NetServerOptions o = new NetServerOptions().setHost(config.listenHost()).setPort(config.listenPort())
                .setSslEngineOptions(TlsEngine.options()).setTcpNoDelay(true);
        server = vertx.createNetServer(o).connectHandler(this::accept);
        return server.listen().compose(ns -> {
            List<String> hints = config.location().isEmpty()
                    ? List.of("tcp:" + (config.listenHost().contains(":") ? "[" + config.listenHost() + "]" : config.listenHost()) + ":"
                            + ns.actualPort())
                    : config.location();
            furl = identity.furl(hints);
            return vertx.executeBlocking(() -> {
                TubIdentity.writeFurl(config.furlFile(), furl);
                return null;
            }, false);
        }).map(v -> {
            uploads.start();
            Log.info("foolscap-listening", "port", port(), "tubid", identity.tubId(), "furl", furl, "furl-file", config.furlFile());
            return null;
        });
    }

    private void accept(NetSocket socket) {
        String address = socket.remoteAddress() == null ? "?" : socket.remoteAddress().hostAddress();
        if (!table.admit(address)) {
            Log.info("foolscap-refused", "address", address, "reason", "connection-limit");
            socket.close();
            return;
        }
        events.foolscapConnectionOpened();
        FoolscapConnection c = new FoolscapConnection(this, socket, vertx.getOrCreateContext(), address);
        connections.add(c);
        c.start();
    }

    void connectionClosed(FoolscapConnection c, String address, String reason) {
        if (connections.remove(c)) {
            table.release(address);
            events.foolscapConnectionClosed(reason);
        }
    }

    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    /** The helper's FURL (it holds the swissnum: hand it out, never log it). */
    public Furl furl() {
        return furl;
    }

    public String tubId() {
        return identity.tubId();
    }

    /** Connections open now (accepted and not yet closed). */
    public int connectionCount() {
        return connections.size();
    }

    public FoolscapUploads uploads() {
        return uploads;
    }

    FoolscapConfig config() {
        return config;
    }

    TubIdentity identity() {
        return identity;
    }

    ConnectionTable table() {
        return table;
    }

    ServerSSLOptions sslOptions() {
        return ssl;
    }

    Decoder.Limits decoderLimits() {
        return decoderLimits;
    }

    Broker.Limits brokerLimits() {
        return BROKER_LIMITS;
    }

    String incarnation() {
        return incarnation;
    }

    /** Stops listening and closes every connection (their uploads stay resumable). */
    public Future<Void> stop() {
        uploads.stop();
        Future<Void> closing = server == null ? Future.succeededFuture() : server.close();
        for (FoolscapConnection c : connections) {
            c.close("shutdown");
        }
        return closing;
    }
}
