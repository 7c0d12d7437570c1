package org.lafs.helper;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import org.lafs.gbs.LeaseSecrets;
import org.lafs.helper.config.HelperConfig;
import org.lafs.helper.grid.GridChecker;
import org.lafs.helper.grid.GridConnection;
import org.lafs.helper.grid.GridHealth;
import org.lafs.helper.push.PipelineRunner;
import org.lafs.helper.secrets.SecretFile;
import org.lafs.helper.upload.GridProbe;

/**
 * Chooses the grid probe and pipeline runner for a configuration: the one integration seam
 * between the helper and the grid/pipeline modules. Without {@code grid.servers-yaml} the helper
 * only ingests (useful for tests of the HTTP layer).
 */
final class HelperWiring {
    /** Lease secrets are 32 bytes (Tahoe's {@code private/secret}). */
    static final int LEASE_SECRET_BYTES = 32;
    /** How long a stop waits for pipelines to wind down (their reads fail at once; a GBS request may take longer). */
    static final long PIPELINE_STOP_MILLIS = 10_000;

    private HelperWiring() {}

    static Future<Helper> start(Vertx vertx, HelperConfig config) {
        if (config.serversYaml().isEmpty()) {
            return Helper.start(vertx, config, GridProbe.NONE, null);
        }
        GridConnection grid;
        LeaseSecrets leases;
        try {
            grid = GridConnection.open(vertx, config.serversYaml().get());
            leases = new LeaseSecrets(SecretFile.readOrCreate(config.leaseSecretFile(), LEASE_SECRET_BYTES));
        } catch (IOException | RuntimeException e) {
            return Future.failedFuture(new IllegalArgumentException("cannot use the grid: " + e.getMessage()));
        }
        return start(vertx, config, grid, leases);
    }

    /** Starts a helper on an already connected grid (tests and dev mode). */
    static Future<Helper> start(Vertx vertx, HelperConfig config, GridConnection grid, LeaseSecrets leases) {
        PipelineRunner[] runner = new PipelineRunner[1];
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        return Helper.start(vertx, config, new GridChecker(grid), service -> {
            runner[0] = new PipelineRunner(service, grid.uploadServers(), leases, config.windowBytes(), config.segmentsPerWrite(),
                    config.writeBytes(), threads);
            return runner[0];
        }).map(h -> {
            // Connect to every server now (TLS handshakes, version documents), as a Tahoe node
            // does at start, so the first upload's grid check does not pay for it.
            GridHealth health = new GridHealth(vertx, grid).start();
            h.metrics().setGridHealth(health);
            h.onStop(() -> {
                health.close();
                return runner[0].closeAfterRunning(PIPELINE_STOP_MILLIS).compose(v -> grid.closeAsync());
            });
            return h;
        }).onFailure(err -> grid.closeAsync());
    }
}
