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

    private Future<Void> listen() {
        // Certificate generation, PEM reading and secret files block: keep them off the event loop.
        return vertx.executeBlocking(this::prepareListen, false).compose(opts -> {
            io.vertx.ext.web.Router router = HelperApi.router(vertx, service, new TokenRegistry(config.tokens()), grid, metrics,
                    opts.convergence());
            server = org.lafs.net.HttpGuard.install(vertx.createHttpServer(opts.options()), router);
            return server.listen().mapEmpty();
        });
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
        HttpServerOptions opts = new HttpServerOptions().setHost(config.listenHost()).setPort(config.listenPort())
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
        Future<Void> closing = server == null ? Future.succeededFuture() : server.close();
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
