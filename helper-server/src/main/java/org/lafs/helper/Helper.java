package org.lafs.helper;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.time.Clock;
import org.lafs.helper.api.HelperApi;
import org.lafs.helper.auth.QuotaLedger;
import org.lafs.helper.auth.TokenRegistry;
import org.lafs.helper.config.HelperConfig;
import org.lafs.log.Log;
import org.lafs.helper.metrics.HelperMetrics;
import org.lafs.helper.store.HelperStore;
import org.lafs.helper.tls.HelperTls;
import org.lafs.helper.upload.GridProbe;
import org.lafs.helper.upload.PushRunner;
import org.lafs.helper.upload.Upload;
import org.lafs.helper.upload.UploadService;

/**
 * The running helper: store, upload service, metrics, HTTPS server and expiry timer, started and
 * stopped together. The composition root; {@link Main} and tests create it.
 *
 * <p>Threading: {@link #start} and {@link #stop} return futures; safe from any thread.
 */
public final class Helper {
    /** Idle connections (e.g. a stalled PATCH) are closed after this long (Tahoe had no timeout). */
    static final int IDLE_TIMEOUT_SECONDS = 120;
    /** Tahoe nodes use 32-byte convergence secrets. */
    static final int CONVERGENCE_BYTES = 32;

    private final Vertx vertx;
    private final HelperConfig config;
    private final HelperStore store;
    private final HelperMetrics metrics;
    private final UploadService service;
    private final GridProbe grid;
    private HttpServer server;
    /** The other instances of the HTTPS server on the same port, one per further event loop. */
    private final java.util.List<HttpServer> moreServers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Distinct "shared random port" numbers (see {@link #listen}), so helpers in one Vert.x never share a socket. */
    private static final java.util.concurrent.atomic.AtomicInteger RANDOM_PORT_KEYS = new java.util.concurrent.atomic.AtomicInteger();
    private org.lafs.helper.foolscap.FoolscapServer foolscap;
    private String spkiPin;
    private long sweepTimer = -1;
    private final java.util.List<java.util.function.Supplier<Future<Void>>> onStop = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Helper(Vertx vertx, HelperConfig config, GridProbe grid, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.grid = grid;
        this.store = HelperStore.open(config.dbDir());
        UploadService[] holder = new UploadService[1];
        this.metrics = new HelperMetrics(() -> snapshot(holder[0]));
        this.service = new UploadService(vertx, config, store, new QuotaLedger(clock), metrics, grid, clock);
        holder[0] = service;
    }

    private static HelperMetrics.Snapshot snapshot(UploadService s) {
        if (s == null) {
            return new HelperMetrics.Snapshot(0, 0, 0, 0, 0);
        }
        int active = 0;
        int inCount = 0;
        int encCount = 0;
        long inSize = 0;
        long encSize = 0;
        for (Upload u : s.activeUploads()) {
            active++;
            if (u.progress().durable() < u.params().size()) {
                inCount++;
                inSize += u.params().size();
            } else {
                encCount++;
                encSize += u.params().size();
            }
        }
        return new HelperMetrics.Snapshot(active, inCount, inSize, encCount, encSize);
    }

    /**
     * Opens the store, recovers uploads, and listens. {@code runner} may be null (ingest only;
     * used until a pipeline is wired) and is given the service so it can report progress.
     */
    public static Future<Helper> start(Vertx vertx, HelperConfig config, GridProbe grid,
            java.util.function.Function<UploadService, PushRunner> runner) {
        Helper h;
        try {
            h = new Helper(vertx, config, grid, Clock.systemUTC());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        if (runner != null) {
            try {
                h.service.setRunner(runner.apply(h.service));
            } catch (RuntimeException e) {
                return h.stop().transform(x -> Future.failedFuture(e));
            }
        }
        return h.service.start().compose(v -> h.listen()).compose(v -> h.listenFoolscap()).map(v -> {
            h.sweepTimer = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> h.service.sweep());
            Log.info("helper-started", "port", h.port(), "tls", config.tlsMode(), "state", config.stateDir(),
                    "tokens", config.tokens().size());
            return h;
        }).recover(err -> h.stop().transform(x -> Future.failedFuture(err)));
    }

    /**
     * Listens with one HTTPS server instance per event loop (at most {@code listen.event-loops}) on
     * the same port: Vert.x hands each accepted connection to the instances in turn, and a
     * connection's ingest then runs on its instance's loop (docs/helper-design.md, Threads).
     * Vert.x shares a port between servers that ask for the same positive port, or for the same
     * negative one, its "shared random port"; port 0 would give each its own random port, and one
     * negative number for every helper would make helpers in one Vert.x instance share a socket,
     * so a configured 0 becomes a negative number of this helper's own.
     */
    private Future<Void> listen() {
        // Certificate generation, PEM reading and secret files block: keep them off the event loop.
        return vertx.executeBlocking(this::prepareListen, false).compose(opts -> {
            io.vertx.ext.web.Router router = HelperApi.router(vertx, service, new TokenRegistry(config.tokens()), grid, metrics,
                    opts.convergence());
            org.lafs.net.EventLoops loops = org.lafs.net.EventLoops.of(vertx);
            int instances = Math.max(1, Math.min(config.eventLoops(), loops.size()));
            if (instances > 1 && opts.options().getPort() == 0) {
                opts.options().setPort(-1 - RANDOM_PORT_KEYS.getAndIncrement() % 10_000);
            }
            // the first instance binds the socket; the others join it once it is bound
            return listenOn(loops, 0, opts.options(), router).compose(first -> {
                server = first;
                java.util.List<Future<HttpServer>> more = new java.util.ArrayList<>();
                for (int i = 1; i < instances; i++) {
                    more.add(listenOn(loops, i, opts.options(), router).onSuccess(moreServers::add));
                }
                return Future.all(more).mapEmpty();
            });
        });
    }

    /** An instance of the HTTPS server created and listening on loop {@code i}: its connections run there. */
    private Future<HttpServer> listenOn(org.lafs.net.EventLoops loops, int i, HttpServerOptions options, io.vertx.ext.web.Router router) {
        io.vertx.core.Promise<HttpServer> p = io.vertx.core.Promise.promise();
        loops.context(i).runOnContext(v -> org.lafs.net.HttpGuard.install(vertx.createHttpServer(new HttpServerOptions(options)), router)
                .listen().onComplete(p));
        return p.future();
    }

    /** Starts the Foolscap listener for stock Tahoe clients when {@code foolscap.enabled}. */
    private Future<Void> listenFoolscap() {
        if (!config.foolscap().enabled()) {
            return Future.succeededFuture();
        }
        return org.lafs.helper.foolscap.FoolscapServer.start(vertx, config.foolscap(), config.stateDir(), service, metrics)
                .map(f -> {
                    foolscap = f;
                    return null;
                });
    }

    private record ListenSetup(HttpServerOptions options, byte[] convergence) {}

    private ListenSetup prepareListen() throws java.io.IOException {
        HttpServerOptions opts = org.lafs.net.HttpGuard.tune(new HttpServerOptions()).setHost(config.listenHost()).setPort(config.listenPort())
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS).setMaxHeaderSize(16 * 1024).setDecompressionSupported(false)
                .setCompressionSupported(false);
        if (config.tls()) {
            Path cert;
            Path key;
            if (config.tlsMode().equals("self-signed")) {
                Path[] pair = HelperTls.ensureSelfSigned(config.stateDir().resolve("tls"));
                cert = pair[0];
                key = pair[1];
            } else {
                cert = config.tlsCert().orElseThrow();
                key = config.tlsKey().orElseThrow();
            }
            spkiPin = HelperTls.spkiPin(cert);
            opts.setSsl(true).setSslEngineOptions(org.lafs.net.TlsEngine.options()).setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()));
        }
        byte[] convergence = null;
        if (config.helperAsClient()) {
            convergence = org.lafs.helper.secrets.SecretFile.readOrCreate(config.convergenceSecretFile(), CONVERGENCE_BYTES);
        }
        return new ListenSetup(opts, convergence);
    }

    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    /** Base URL of the helper API, e.g. {@code https://127.0.0.1:3457/helper/v1}. */
    public String url() {
        String host = config.listenHost().contains(":") ? "[" + config.listenHost() + "]" : config.listenHost();
        return (config.tls() ? "https" : "http") + "://" + host + ":" + port() + HelperApi.BASE;
    }

    public String rootUrl() {
        String u = url();
        return u.substring(0, u.length() - HelperApi.BASE.length());
    }

    /** The SPKI pin clients use (null when TLS is off). */
    public String spkiPin() {
        return spkiPin;
    }

    /** The Foolscap listener, or null when {@code foolscap.enabled} is false. */
    public org.lafs.helper.foolscap.FoolscapServer foolscap() {
        return foolscap;
    }

    public HelperMetrics metrics() {
        return metrics;
    }

    public UploadService service() {
        return service;
    }

    public HelperConfig config() {
        return config;
    }

    /** Registers work to run at {@link #stop()} after uploads stop (grid clients, worker pools). */
    public void onStop(java.util.function.Supplier<Future<Void>> action) {
        onStop.add(action);
    }

    /** Stops listening, stops uploads (their durable state stays) and closes the store. */
    public Future<Void> stop() {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
        java.util.List<Future<Void>> closingAll = new java.util.ArrayList<>();
        moreServers.forEach(m -> closingAll.add(m.close()));
        if (server != null) {
            closingAll.add(server.close());
        }
        Future<Void> closing = Future.join(closingAll).mapEmpty();
        Future<Void> closingFoolscap = foolscap == null ? Future.succeededFuture() : foolscap.stop();
        return Future.join(closing, closingFoolscap).transform(ar -> service.stop()).transform(ar -> {
            java.util.List<Future<Void>> all = new java.util.ArrayList<>();
            for (var a : onStop) {
                try {
                    all.add(a.get());
                } catch (RuntimeException e) {
                    all.add(Future.failedFuture(e));
                }
            }
            return Future.join(all);
        }).transform(ar -> {
            store.close();
            metrics.close();
            return Future.succeededFuture();
        });
    }
}
